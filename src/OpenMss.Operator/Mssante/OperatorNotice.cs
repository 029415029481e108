using System.Globalization;
using System.Text;

namespace OpenMss.Operator.Mssante;

/// <summary>
/// A message the operator itself writes to holders (lifecycle notices, MSS 17): plain UTF-8 text, French then
/// English, marked Auto-Submitted (RFC 3834) so that no one's autoresponder answers it.
/// </summary>
public static class OperatorNotice
{
    public static byte[] Build(string sender, IReadOnlyList<string> to, string subject, string body, DateTimeOffset now, string messageId)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"From: <{sender}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: {string.Join(", ", to.Select(a => $"<{a}>"))}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Subject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {Rfc5322Date.Format(now)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n");
        text.Append("Auto-Submitted: auto-generated\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        text.Append(body).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

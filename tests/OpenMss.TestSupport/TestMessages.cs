using System.Text;

namespace OpenMss.TestSupport;

/// <summary>Small RFC 5322 messages for tests, distinct by subject unless the same subject is given.</summary>
public static class TestMessages
{
    public static byte[] Create(string subject, string from = "jean.dupont@operateur-a.mssante.test", string to = "secretariat@operateur-a.mssante.test") =>
        Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@openmss.test>\r\n" +
            $"Date: Sun, 22 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCompte rendu: {subject}\r\n");

    /// <summary>The same bytes every time for a given subject (for content-addressing tests).</summary>
    public static byte[] Fixed(string subject) =>
        Encoding.UTF8.GetBytes($"From: a@b.test\r\nSubject: {subject}\r\n\r\nBody\r\n");
}

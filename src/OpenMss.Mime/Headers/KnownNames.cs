using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>Interns the common field names, so that parsing a typical message allocates no name strings.</summary>
internal static class KnownNames
{
    private static readonly string[] Names =
    [
        "From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Reply-To", "Sender",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
        "Content-Description", "Content-Language", "Content-Location", "Content-MD5", "Received", "Return-Path",
        "X-MSS-NIL", "X-MSS-INS", "X-MSS-CODECDA", "X-MSS-MES", "Disposition-Notification-To", "DKIM-Signature",
        "User-Agent", "X-Mailer", "Importance", "Priority", "X-Priority", "Thread-Topic", "Thread-Index",
    ];

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.ToDictionary(n => n, n => n, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Intern(ReadOnlySpan<byte> name)
    {
        if (name.Length <= 64)
        {
            Span<char> chars = stackalloc char[name.Length];
            var ascii = true;
            for (var i = 0; i < name.Length; i++)
            {
                ascii &= name[i] < 128;
                chars[i] = (char)name[i];
            }

            if (ascii && Lookup.TryGetValue(chars, out var known))
            {
                return known;
            }
        }

        return Encoding.Latin1.GetString(name);
    }
}

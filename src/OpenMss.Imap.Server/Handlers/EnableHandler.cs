using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// ENABLE (RFC 5161): CONDSTORE and QRESYNC (RFC 7162 §3.1, §3.2.3), IMAP4rev2 (RFC 9051); the ENABLED response names those this command
/// turned on, and nothing else (unknown names are ignored).
/// </summary>
internal static class EnableHandler
{
    public static async Task HandleAsync(IImapContext session, EnableCommand enable)
    {
        var enabled = session.Enabled;
        var turnedOn = new List<string>();
        foreach (var name in enable.Capabilities.Select(c => c.ToUpperInvariant()).Distinct())
        {
            switch (name)
            {
                case "CONDSTORE" when !enabled.CondStore:
                    enabled.EnableCondStore();
                    turnedOn.Add(name);
                    break;
                case "QRESYNC" when !enabled.Qresync:
                    enabled.EnableQresync();
                    turnedOn.Add(name);
                    break;
                case "IMAP4REV2" when !enabled.Rev2:
                    enabled.EnableRev2();
                    turnedOn.Add("IMAP4rev2");
                    break;
            }
        }

        await session.WriteAsync("* ENABLED" + string.Concat(turnedOn.Select(n => " " + n)) + "\r\n");
        await session.OkAsync(enable.Tag, "ENABLE completed.");
    }
}

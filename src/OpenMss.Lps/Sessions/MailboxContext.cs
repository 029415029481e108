using System.Security.Cryptography.X509Certificates;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps.Sessions;

/// <summary>What every session of one BAL needs: who it is, how it authenticates, and the client's shared services.</summary>
internal sealed record MailboxContext(
    string Address,
    BalType Type,
    PscTokenSource? Tokens,
    X509Certificate2Collection? Certificate,
    MssClientOptions Options,
    MssAutoconfiguration Dns,
    CrlChecker Crls)
{
    public string Describe => $"BAL {Address}";
}

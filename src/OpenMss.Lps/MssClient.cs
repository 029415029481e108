using System.Security.Cryptography.X509Certificates;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Sessions;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps;

/// <summary>
/// The entry point of the SDK: one per application. It holds what every BAL shares (trust, CRLs, the DNS and its
/// cache, options) and opens <see cref="MssMailbox"/>es: with a PSC token source for BAL PER and ORG, with an IGC
/// Santé ORG AUTH_CLI certificate for BAL APP. Fronts come from DNS SRV autoconfiguration unless given.
/// </summary>
public sealed class MssClient : IDisposable
{
    private readonly CrlChecker _crls;

    /// <summary>Creates a client; <see cref="MssClientOptions.Trust"/> must name the roots.</summary>
    public MssClient(MssClientOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Trust.Roots.Count == 0)
        {
            throw new ArgumentException("MssClientOptions.Trust.Roots is empty: add the IGC Santé roots (or a sandbox's ca.pem); the system store is never used (ECO.1.1.10).", nameof(options));
        }

        Autoconfiguration = new MssAutoconfiguration(options.DnsServer, options.Time);
        _crls = new CrlChecker(options.Trust, options.Time);
    }

    /// <summary>The options this client was made with.</summary>
    public MssClientOptions Options { get; }

    /// <summary>DNS SRV autoconfiguration (ECO.1.1.9), with its cache.</summary>
    public MssAutoconfiguration Autoconfiguration { get; }

    /// <summary>A BAL PER or ORG, authenticated by XOAUTH2 with tokens from <paramref name="tokens"/>.</summary>
    public MssMailbox OpenPsc(string address, BalType type, PscTokenSource tokens, MssEndpoints? endpoints = null)
    {
        if (type == BalType.App)
        {
            throw new ArgumentException("A BAL APP authenticates with a certificate: use OpenApp.", nameof(type));
        }

        return new MssMailbox(new MailboxContext(Check(address), type, tokens ?? throw new ArgumentNullException(nameof(tokens)), null, Options, Autoconfiguration, _crls), endpoints);
    }

    /// <summary>A BAL APP, authenticated by its structure's ORG AUTH_CLI certificate (sent with its intermediates) and PLAIN with the BAL address.</summary>
    public MssMailbox OpenApp(string address, AuthCliCredential credential, MssEndpoints? endpoints = null)
    {
        if (credential is null)
        {
            throw new ArgumentNullException(nameof(credential));
        }

        var presented = new X509Certificate2Collection(credential.Certificate);
        presented.AddRange(credential.Intermediates);
        return new MssMailbox(new MailboxContext(Check(address), BalType.App, null, presented, Options, Autoconfiguration, _crls), endpoints);
    }

    /// <inheritdoc/>
    public void Dispose() => _crls.Dispose();

    private static string Check(string address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at <= 0 || at == address.Length - 1 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"'{address}' is not a BAL address.", nameof(address));
        }

        return address;
    }
}

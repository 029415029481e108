using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenMss.Load;

/// <summary>
/// How the generator proves who it is: a bearer token for XOAUTH2 (given, or printed by a command run again once it
/// is older than its lifetime), or a client certificate presented in the TLS handshake followed by PLAIN with the
/// mailbox address and no password (the API LPS AUTH_CLI front).
/// </summary>
internal sealed class Credentials
{
    private readonly string? _token;
    private readonly string? _tokenCommand;
    private readonly TimeSpan _tokenLifetime;
    private readonly X509Certificate2Collection? _clientCertificates;
    private readonly X509Certificate2Collection? _trusted;
    private readonly Lock _gate = new();
    private (Task<string> Token, DateTime At)? _current;

    public Credentials(string user, string? token, string? tokenCommand, TimeSpan tokenLifetime, string? certificate, string? key, string? caFile)
    {
        User = user;
        _token = token;
        _tokenCommand = tokenCommand;
        _tokenLifetime = tokenLifetime;
        if (certificate is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate, key);
            // An ephemeral PEM key cannot be used by SslStream on every platform; round-trip through PKCS#12.
            var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificate);
            chain.RemoveAt(0);
            _clientCertificates = [client, .. chain];
        }

        if (caFile is not null)
        {
            _trusted = [];
            _trusted.ImportFromPemFile(caFile);
        }
    }

    public string User { get; }

    public bool UsesCertificate => _clientCertificates is not null;

    public string Mechanism => UsesCertificate ? "PLAIN" : "XOAUTH2";

    public SslClientAuthenticationOptions TlsOptions(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateContext = _clientCertificates is { } c ? SslStreamCertificateContext.Create(c[0], [.. c.Skip(1)], offline: true) : null,
        RemoteCertificateValidationCallback = Validate,
    };

    /// <summary>The SASL initial response, base64 (RFC 4954 / RFC 4959 SASL-IR).</summary>
    public async Task<string> InitialResponseAsync(CancellationToken cancellationToken)
    {
        var raw = UsesCertificate
            ? $"\0{User}\0"
            : $"user={User}\u0001auth=Bearer {await TokenAsync().WaitAsync(cancellationToken)}\u0001\u0001";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw));
    }

    /// <summary>The given token, or the command's: one run at a time, its result shared until it is too old or failed.</summary>
    private Task<string> TokenAsync()
    {
        if (_token is not null)
        {
            return Task.FromResult(_token);
        }

        lock (_gate)
        {
            if (_current is not { } current || DateTime.UtcNow - current.At >= _tokenLifetime || current.Token.IsFaulted)
            {
                _current = (RunTokenCommandAsync(), DateTime.UtcNow);
            }

            return _current.Value.Token;
        }
    }

    private async Task<string> RunTokenCommandAsync()
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_tokenCommand!);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var token = (await output).Trim();
        if (process.ExitCode != 0 || token.Length == 0 || token.Contains('\n', StringComparison.Ordinal))
        {
            throw new LoadException(ErrorKind.Auth, $"The token command failed (exit {process.ExitCode}): {(await error).Trim()}");
        }

        return token;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || _trusted is null || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}

using System.Globalization;
using System.Net;
using OpenMss.Conformance.Relay;

namespace OpenMss.Conformance.Operator;

/// <summary>
/// <c>openssl s_client -starttls</c>: what a client that offers old protocols or weak suites gets. .NET cannot offer
/// TLS 1.0/1.1 on OpenSSL 3, so the operator mode asks the openssl command (Debian package openssl), at security level 0.
/// </summary>
public static class OpenSslClient
{
    /// <summary>The result of one handshake attempt: whether it completed, the protocol and suite, and the tool's last lines.</summary>
    public sealed record Handshake(bool Completed, string? Protocol, string? Cipher, string Output);

    public static async Task<Handshake> TryAsync(DnsEndPoint endpoint, string starttls, string protocolFlag, string cipher, CancellationToken cancellationToken)
    {
        var process = OpenSslCommand.Start(
            [
                "s_client", "-connect", $"{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}", "-starttls", starttls, protocolFlag,
                protocolFlag == "-tls1_3" ? "-ciphersuites" : "-cipher", cipher, "-brief",
            ],
            "The TLS checks");
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
            }

            var text = (await output) + (await error);
            var protocol = Field(text, "Protocol version:");
            var suite = Field(text, "Ciphersuite:");
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("depth=", StringComparison.Ordinal) && !l.StartsWith("verify", StringComparison.Ordinal)).Take(6);
            return new Handshake(text.Contains("CONNECTION ESTABLISHED", StringComparison.Ordinal), protocol, suite, $"openssl s_client -starttls {starttls} {protocolFlag} -cipher '{cipher}'\n" + string.Join('\n', lines));
        }
    }

    private static string? Field(string text, string name)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[name.Length..].Trim();
    }
}

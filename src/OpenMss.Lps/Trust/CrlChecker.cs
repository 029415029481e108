using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace OpenMss.Lps.Trust;

/// <summary>
/// Revocation by CRL (ECO.1.1.6) for every certificate of a validated chain but the root: each one's CRL is fetched
/// from its distribution point (or the configured mirror), its signature checked with the issuer's key, and kept.
/// When a distribution point is down, the last good CRL stays in use while it is current (ECO.1.1.7), also across
/// restarts when a cache directory is set. A certificate whose status cannot be known is refused: a careful client
/// fails closed. BouncyCastle reads the CRLs (MimeKit brings it; netstandard2.0 has no CRL reader).
/// </summary>
public sealed class CrlChecker : IDisposable
{
    private const int MaxCrlBytes = 32 * 1024 * 1024;
    private readonly MssTrustOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Dictionary<string, (X509Crl Crl, DateTimeOffset FetchedAt)> _known = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a checker; <paramref name="http"/> fetches the CRLs (one with a short timeout when null).</summary>
    public CrlChecker(MssTrustOptions options, TimeProvider? time = null, HttpClient? http = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Null when no certificate of the chain is revoked, else why the chain is refused.</summary>
    public async Task<string?> ProblemAsync(IReadOnlyList<X509Certificate2> chain, CancellationToken cancellationToken)
    {
        var parser = new X509CertificateParser();
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var certificate = parser.ReadCertificate(chain[i].RawData);
            var issuer = parser.ReadCertificate(chain[i + 1].RawData);
            var points = DistributionPoints(certificate);
            if (points.Count == 0)
            {
                if (i == 0)
                {
                    return $"the operator's certificate ({chain[i].Subject}) names no CRL distribution point, so its revocation cannot be checked";
                }

                continue; // an intermediate without a distribution point: its root vouches for it
            }

            X509Crl? crl = null;
            var reasons = new List<string>();
            foreach (var point in points)
            {
                try
                {
                    crl = await CrlAsync(point, issuer, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (CrlUnavailableException e)
                {
                    reasons.Add(e.Message);
                }
            }

            if (crl is null)
            {
                return $"the revocation status of {chain[i].Subject} is unknown: {string.Join("; ", reasons)}";
            }

            if (crl.IsRevoked(certificate))
            {
                return $"the operator's certificate {chain[i].Subject} (serial {chain[i].SerialNumber}) is revoked (ECO.1.1.6)";
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private async Task<X509Crl> CrlAsync(string url, BcCertificate issuer, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (!_known.TryGetValue(url, out var known) && Load(url, issuer) is { } stored)
            {
                known = (stored, DateTimeOffset.MinValue);
                _known[url] = known;
            }

            if (known.Crl is not null && Current(known.Crl, now) && now - known.FetchedAt < _options.CrlRefresh)
            {
                return known.Crl;
            }

            try
            {
                var fresh = await FetchAsync(url, issuer, cancellationToken).ConfigureAwait(false);
                _known[url] = (fresh.Crl, now);
                Save(url, fresh.Bytes);
                return fresh.Crl;
            }
            catch (CrlUnavailableException) when (known.Crl is not null && Current(known.Crl, now))
            {
                return known.Crl; // ECO.1.1.7: the distribution point is down; the last good CRL is still current
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(X509Crl Crl, byte[] Bytes)> FetchAsync(string url, BcCertificate issuer, CancellationToken cancellationToken)
    {
        var location = Locate(url);
        byte[] bytes;
        try
        {
            using var response = await _http.GetAsync(location, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CrlUnavailableException($"{location} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxCrlBytes)
            {
                throw new CrlUnavailableException($"{location} serves a CRL over {MaxCrlBytes} bytes");
            }

            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > MaxCrlBytes)
                {
                    throw new CrlUnavailableException($"{location} serves a CRL over {MaxCrlBytes} bytes");
                }

                copy.Write(buffer, 0, read);
            }

            bytes = copy.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new CrlUnavailableException($"{location} could not be fetched ({e.Message})");
        }

        var crl = Parse(bytes, issuer) ?? throw new CrlUnavailableException($"{location} is not a CRL signed by {issuer.SubjectDN}");
        if (!Current(crl, _time.GetUtcNow()))
        {
            throw new CrlUnavailableException($"the CRL at {location} is out of date (next update {crl.NextUpdate:u})");
        }

        return (crl, bytes);
    }

    private static X509Crl? Parse(byte[] bytes, BcCertificate issuer)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(bytes);
            if (crl is null || !crl.IssuerDN.Equivalent(issuer.SubjectDN))
            {
                return null;
            }

            crl.Verify(issuer.GetPublicKey());
            return crl;
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Security.Certificates.CrlException
                                      or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException
                                      or ArgumentException or InvalidOperationException or IOException or InvalidCastException)
        {
            return null;
        }
    }

    private static bool Current(X509Crl crl, DateTimeOffset now) => crl.NextUpdate is not { } next || new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) > now;

    private Uri Locate(string url)
    {
        var original = new Uri(url);
        return _options.CrlMirror is { } mirror ? new Uri(mirror, original.Segments[original.Segments.Length - 1]) : original;
    }

    private string? CachePath(string url)
    {
        if (_options.CrlCacheDirectory is not { } directory)
        {
            return null;
        }

        using var sha = SHA256.Create();
        var name = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(url))).Replace("-", string.Empty);
        return Path.Combine(directory, name + ".crl");
    }

    private X509Crl? Load(string url, BcCertificate issuer)
    {
        var path = CachePath(url);
        return path is not null && File.Exists(path) ? Parse(File.ReadAllBytes(path), issuer) : null;
    }

    private void Save(string url, byte[] bytes)
    {
        if (CachePath(url) is not { } path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }

    private static List<string> DistributionPoints(BcCertificate certificate)
    {
        var urls = new List<string>();
        var extension = certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints);
        if (extension is null)
        {
            return urls;
        }

        var points = CrlDistPoint.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension));
        foreach (var point in points.GetDistributionPoints())
        {
            if (point.DistributionPointName is { Type: DistributionPointName.FullName } name)
            {
                foreach (var general in GeneralNames.GetInstance(name.Name).GetNames())
                {
                    if (general.TagNo == GeneralName.UniformResourceIdentifier &&
                        DerIA5String.GetInstance(general.Name).GetString() is { } uri &&
                        (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                    {
                        urls.Add(uri);
                    }
                }
            }
        }

        return urls;
    }

    private sealed class CrlUnavailableException(string message) : Exception(message);
}

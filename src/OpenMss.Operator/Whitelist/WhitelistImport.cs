using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Whitelist;

/// <summary>
/// Puts a whitelist in force: read from a file or an HTTPS URL (bounded), checked against its checksum when one is
/// named, parsed, then stored in place of the previous one in one transaction. Any failure leaves the previous list
/// in force and says why in one sentence.
/// </summary>
public sealed class WhitelistImport(IMailStore store, HttpClient http, TimeProvider clock)
{
    /// <exception cref="WhitelistException">The list was refused; the previous one stays in force.</exception>
    public async Task<(Whitelist List, WhitelistState State)> ImportAsync(string source, string? checksumSource, CancellationToken cancellationToken)
    {
        var content = await FetchAsync(source, WhitelistReader.MaxBytes, cancellationToken);
        var checksum = checksumSource is null ? null : System.Text.Encoding.ASCII.GetString(await FetchAsync(checksumSource, 4096, cancellationToken));
        var list = WhitelistReader.Read(content, checksum);
        var state = new WhitelistState(list.GeneratedAt, clock.GetUtcNow(), list.Sha256, source, list.Domains.Count);
        var entries = list.Domains.SelectMany(d => d.Value.Select(dn => new WhitelistEntry(d.Key, dn))).ToList();
        await store.Whitelist.ReplaceAsync(entries, state, cancellationToken);
        return (list, state);
    }

    /// <summary>A path, or an https:// URL; at most <paramref name="limit"/> bytes either way.</summary>
    private async Task<byte[]> FetchAsync(string source, long limit, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            if (uri.Scheme != "https")
            {
                throw new WhitelistException($"{source}: the whitelist is fetched over HTTPS only.");
            }

            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new WhitelistException($"{source} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await ReadBoundedAsync(body, limit, source, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new WhitelistException($"{source} cannot be fetched: {e.Message}", e);
            }
        }

        try
        {
            await using var file = File.OpenRead(source);
            return await ReadBoundedAsync(file, limit, source, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WhitelistException($"{source} cannot be read: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long limit, string source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new WhitelistException($"{source} is larger than the {limit} bytes accepted.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

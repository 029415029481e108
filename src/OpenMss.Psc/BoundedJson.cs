using System.Text.Json;

namespace OpenMss.Psc;

/// <summary>Reads a JSON answer from PSC, refusing one larger than any real PSC document could be.</summary>
internal static class BoundedJson
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new PscUnavailableException(TokenProblem.PscError, $"PSC answered more than {MaxBytes} bytes.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            throw new PscUnavailableException(TokenProblem.PscError, $"PSC answered more than {MaxBytes} bytes.");
        }

        try
        {
            return JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException e)
        {
            throw new PscUnavailableException(TokenProblem.PscError, "PSC answered something that is not JSON.", e);
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Server.Views;
using OpenMss.Mime;
using OpenMss.Mime.Imap;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// Writes FETCH responses: short items into one reused buffer, stored byte ranges (BODY[section], RFC822...) streamed
/// from the blob to the connection as literals, without holding the message in memory.
/// </summary>
internal sealed class FetchResponse(IImapContext session)
{
    private const int ChunkSize = 64 * 1024;

    private bool _lineStarted;
    private long _lineBytes;

    public ImapOutput Output { get; } = new();

    /// <summary>Sends what the buffer holds.</summary>
    private async Task FlushAsync()
    {
        _lineBytes += Output.WrittenSpan.Length;
        Pipe.Write(Output.WrittenSpan);
        Output.Clear();
        await Pipe.FlushAsync(session.Front.Stopping);
    }

    /// <summary>A literal of a stored range, or of the header fields it holds when the section filters them.</summary>
    public async Task SectionAsync(string blobId, SectionSource source, BodySection section, long? partialStart, long? partialLength)
    {
        if (source.FilterFields)
        {
            var header = await ReadAsync(blobId, source);
            var fields = SectionReader.Read(MimeParser.Parse(header), section with { Path = [] }) ?? ReadOnlyMemory<byte>.Empty;
            Literal(partialStart is { } start ? SectionReader.Partial(fields, start, partialLength!.Value) : fields);
            return;
        }

        await RangeAsync(blobId, partialStart is { } from ? source.Partial(from, partialLength!.Value) : source);
    }

    public async Task RangeAsync(string blobId, SectionSource source)
    {
        // Open before announcing the literal (see GuardAsync).
        var stream = source.Length == 0 ? null : await GuardAsync(blobId, () => session.Front.Mailboxes.OpenBlobAsync(blobId, source.Start, source.Length, session.Front.Stopping));

        await using (stream)
        {
            Output.Raw("{").Number(source.Length).Raw("}\r\n");
            await FlushAsync();
            _lineStarted = true;
            if (stream is not null)
            {
                await CopyAsync(blobId, stream, source.Length);
            }
        }
    }

    private Task<byte[]> ReadAsync(string blobId, SectionSource source) => GuardAsync(blobId, async () =>
    {
        var bytes = new byte[source.Length];
        await using var stream = await session.Front.Mailboxes.OpenBlobAsync(blobId, source.Start, source.Length, session.Front.Stopping);
        await stream.ReadExactlyAsync(bytes, session.Front.Stopping);
        return bytes;
    });

    /// <summary>
    /// Reads from a blob before anything of it is announced: a blob that cannot be read then fails the command
    /// cleanly (NO, the unsent start of this FETCH line dropped), unless part of the line is already on the wire,
    /// where only closing the connection keeps the protocol whole.
    /// </summary>
    private async Task<T> GuardAsync<T>(string blobId, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (_lineStarted && e is not OperationCanceledException)
        {
            throw new IOException($"Blob {blobId} could not be read in the middle of a FETCH response.", e);
        }
        catch
        {
            Output.Clear();
            throw;
        }
    }

    /// <summary>Ends a FETCH line: what follows starts a new one.</summary>
    public async Task EndLineAsync()
    {
        await FlushAsync();
        session.Transcript?.ServerContent("FETCH data", _lineBytes); // it carries message content: counted, not shown
        _lineStarted = false;
        _lineBytes = 0;
    }

    private async Task CopyAsync(string blobId, Stream stream, long length)
    {
        var left = length;
        while (left > 0)
        {
            var memory = Pipe.GetMemory((int)Math.Min(ChunkSize, left));
            var read = await stream.ReadAsync(memory[..(int)Math.Min(memory.Length, left)], session.Front.Stopping);
            if (read == 0)
            {
                // The literal's length is already on the wire: a shorter blob cannot be answered correctly any more.
                throw new IOException($"Blob {blobId} ended {left} bytes before the range the FETCH announced.");
            }

            Pipe.Advance(read);
            _lineBytes += read;
            left -= read;
            await Pipe.FlushAsync(session.Front.Stopping);
        }
    }

    public void Literal(ReadOnlyMemory<byte> bytes) => Output.Raw("{").Number(bytes.Length).Raw("}\r\n").Raw(bytes.Span);

    /// <summary>Decoded content: a literal8 (<c>~{n}</c>) when it holds a NUL, which a literal may not (RFC 3516 §4.2).</summary>
    public void BinaryLiteral(ReadOnlySpan<byte> bytes) =>
        Output.Raw(bytes.Contains((byte)0) ? "~{" : "{").Number(bytes.Length).Raw("}\r\n").Raw(bytes);

    private PipeWriter Pipe => session.Connection.Output;
}

using OpenMss.Mime.Encodings;
using OpenMss.Mime.Headers;

namespace OpenMss.Mime;

/// <summary>
/// One entity of a message: the message itself, a part of a multipart, or the message inside a message/rfc822
/// part. It is a window on the message bytes (header, body and end offsets); nothing is copied, and headers and
/// content are decoded only when asked for.
/// </summary>
public sealed class MimeEntity
{
    private readonly ReadOnlyMemory<byte> _message;
    private readonly bool _inDigest;
    private ContentType? _contentType;
    private ContentDisposition? _contentDisposition;
    private string? _transferEncoding;
    private bool _dispositionRead;
    private int _lines = -1;

    internal MimeEntity(ReadOnlyMemory<byte> message, int headerStart, int bodyStart, int end, HeaderList headers, bool inDigest)
    {
        _message = message;
        HeaderStart = headerStart;
        BodyStart = bodyStart;
        End = end;
        Headers = headers;
        _inDigest = inDigest;
    }

    /// <summary>Offset of the first header byte.</summary>
    public int HeaderStart { get; }

    /// <summary>Offset of the first body byte (after the empty line that ends the header).</summary>
    public int BodyStart { get; }

    /// <summary>Offset just after the last body byte (the line break before a boundary belongs to the boundary).</summary>
    public int End { get; }

    public HeaderList Headers { get; }

    /// <summary>The parts of a multipart, in order; empty for other entities.</summary>
    public IReadOnlyList<MimeEntity> Parts { get; internal set; } = [];

    /// <summary>The message inside a message/rfc822 part; null for other entities.</summary>
    public MimeEntity? Message { get; internal set; }

    /// <summary>Bytes between the header and the first boundary of a multipart (empty if none).</summary>
    public ReadOnlyMemory<byte> Preamble { get; internal set; }

    /// <summary>Bytes after the closing boundary of a multipart (empty if none).</summary>
    public ReadOnlyMemory<byte> Epilogue { get; internal set; }

    /// <summary>The header block, with the empty line that ends it: IMAP BODY[HEADER] / BODY[n.MIME].</summary>
    public ReadOnlyMemory<byte> HeaderBytes => _message[HeaderStart..BodyStart];

    /// <summary>The body as stored (still transfer-encoded): IMAP BODY[TEXT] / BODY[n].</summary>
    public ReadOnlyMemory<byte> BodyBytes => _message[BodyStart..End];

    /// <summary>Header and body: the entity as stored.</summary>
    public ReadOnlyMemory<byte> Bytes => _message[HeaderStart..End];

    public ContentType ContentType => _contentType ??=
        (Headers["Content-Type"] is { } header ? ContentType.Parse(header.Unfolded) : null)
        ?? (_inDigest ? ContentType.DigestDefault : ContentType.Default);

    /// <summary>True when the entity was split into parts (a multipart whose boundary was found).</summary>
    public bool IsMultipart => Parts.Count > 0;

    public ContentDisposition? ContentDisposition
    {
        get
        {
            if (!_dispositionRead)
            {
                _contentDisposition = Headers["Content-Disposition"] is { } header ? ContentDisposition.Parse(header.Unfolded) : null;
                _dispositionRead = true;
            }

            return _contentDisposition;
        }
    }

    /// <summary>The transfer encoding in lower case; "7bit" when absent.</summary>
    public string TransferEncoding => _transferEncoding ??= ReadTransferEncoding();

    private string ReadTransferEncoding() => Headers["Content-Transfer-Encoding"]?.Unfolded.Trim() switch
    {
        null or "" => "7bit",
        var value when value.Equals("base64", StringComparison.OrdinalIgnoreCase) => "base64",
        var value when value.Equals("quoted-printable", StringComparison.OrdinalIgnoreCase) => "quoted-printable",
        var value when value.Equals("7bit", StringComparison.OrdinalIgnoreCase) => "7bit",
        var value when value.Equals("8bit", StringComparison.OrdinalIgnoreCase) => "8bit",
        var value => value.ToLowerInvariant(),
    };

    /// <summary>The file name: Content-Disposition's filename, else Content-Type's name (decoded).</summary>
    public string? FileName => ContentDisposition?.FileName is { } name ? EncodedWords.Decode(name)
        : ContentType.Name is { } typeName ? EncodedWords.Decode(typeName)
        : null;

    /// <summary>Lines of the body as stored (IMAP body-fld-lines): line breaks, plus a last unterminated line.</summary>
    public int Lines
    {
        get
        {
            if (_lines < 0)
            {
                var body = BodyBytes.Span;
                _lines = body.Count((byte)'\n') + (body.Length > 0 && body[^1] != (byte)'\n' ? 1 : 0);
            }

            return _lines;
        }
    }

    /// <summary>The content with the transfer encoding undone (base64, quoted-printable; others as stored).</summary>
    public byte[] DecodeContent() => TransferEncoding switch
    {
        "base64" => Base64Decoder.Decode(BodyBytes.Span),
        "quoted-printable" => QuotedPrintableDecoder.Decode(BodyBytes.Span),
        _ => BodyBytes.ToArray(),
    };

    /// <summary>The content as text, in its declared charset (UTF-8 or Latin-1 guessed when unknown or absent).</summary>
    public string DecodeText()
    {
        var content = DecodeContent();
        return Charsets.Find(ContentType.Charset) is { } encoding && !(encoding.CodePage == 20127 && !System.Text.Ascii.IsValid(content))
            ? encoding.GetString(content)
            : Charsets.DecodeHeaderBytes(content);
    }

    /// <summary>Every entity of this tree in IMAP part order (this one first).</summary>
    public IEnumerable<MimeEntity> Walk()
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            if (entity.Message is { } inner)
            {
                stack.Push(inner);
            }

            for (var i = entity.Parts.Count - 1; i >= 0; i--)
            {
                stack.Push(entity.Parts[i]);
            }
        }
    }
}

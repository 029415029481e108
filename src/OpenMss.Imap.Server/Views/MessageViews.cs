using OpenMss.Imap.Protocol.Responses;
using OpenMss.Mime;
using OpenMss.Mime.Structure;

namespace OpenMss.Imap.Server.Views;

/// <summary>
/// What FETCH needs of a stored message without opening it: ENVELOPE, BODY and BODYSTRUCTURE as written on the wire,
/// and where each part lies in the bytes, so that BODY[section] is a byte range. Built once, when the message is
/// stored (or at its first FETCH for messages stored before views existed), and kept beside its blob.
/// </summary>
public sealed class MessageViews
{
    /// <summary>Raised whenever the layout or the writers change what they produce: older views are then rebuilt.</summary>
    private const byte FormatVersion = 1;

    // Far above what MimeLimits lets the parser produce (64 levels, 10,000 parts); a stored value past them is damage.
    private const int MaxDepth = 256;
    private const int MaxNodes = 50_000;

    private readonly byte[] _stored;
    private readonly int _layoutOffset;
    private readonly long _size;
    private PartLayout? _root;

    private MessageViews(byte[] stored, ReadOnlyMemory<byte> envelope, ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> bodyStructure, int layoutOffset, long size)
    {
        _stored = stored;
        Envelope = envelope;
        Body = body;
        BodyStructure = bodyStructure;
        _layoutOffset = layoutOffset;
        _size = size;
    }

    public ReadOnlyMemory<byte> Envelope { get; }

    /// <summary>BODY: the structure without extension data.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public ReadOnlyMemory<byte> BodyStructure { get; }

    /// <summary>The part offsets, decoded at first use (ENVELOPE and BODYSTRUCTURE fetches never need them).</summary>
    /// <exception cref="InvalidDataException">The stored layout is damaged.</exception>
    public PartLayout Root => _root ??= ReadLayout();

    /// <summary>The views of a message's bytes, as the store keeps them (a <see cref="Storage.BlobViewBuilder"/>).</summary>
    public static byte[] Build(ReadOnlyMemory<byte> content) => Build(MimeParser.Parse(content));

    public static byte[] Build(MimeMessage message)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            var output = new ImapOutput();
            EnvelopeWriter.Write(output, EnvelopeFields.Of(message.Headers));
            WriteBytes(writer, output);
            output.Clear();
            var structure = EntityStructure.Of(message.Root);
            BodyStructureWriter.Write(output, structure, extensible: false);
            WriteBytes(writer, output);
            output.Clear();
            BodyStructureWriter.Write(output, structure, extensible: true);
            WriteBytes(writer, output);
            WriteLayout(writer, message.Root);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Reads stored views for a message of <paramref name="size"/> bytes; null when they were written by another
    /// format version or are damaged, in which case the caller rebuilds them from the message.
    /// </summary>
    public static MessageViews? Read(byte[] stored, long size)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(stored, writable: false));
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var envelope = ReadBytes(reader, stored);
            var body = ReadBytes(reader, stored);
            var bodyStructure = ReadBytes(reader, stored);
            return new MessageViews(stored, envelope, body, bodyStructure, (int)reader.BaseStream.Position, size);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            return null;
        }
    }

    private static void WriteBytes(BinaryWriter writer, ImapOutput output)
    {
        writer.Write7BitEncodedInt(output.WrittenSpan.Length);
        writer.Write(output.WrittenSpan);
    }

    private static ReadOnlyMemory<byte> ReadBytes(BinaryReader reader, byte[] stored)
    {
        var length = reader.Read7BitEncodedInt();
        var start = (int)reader.BaseStream.Position;
        if (length < 0 || length > stored.Length - start)
        {
            throw new InvalidDataException("A stored view runs past its record.");
        }

        reader.BaseStream.Position = start + length;
        return stored.AsMemory(start, length);
    }

    private static void WriteLayout(BinaryWriter writer, MimeEntity entity)
    {
        writer.Write7BitEncodedInt64(entity.HeaderStart);
        writer.Write7BitEncodedInt64(entity.BodyStart - entity.HeaderStart);
        writer.Write7BitEncodedInt64(entity.End - entity.BodyStart);
        writer.Write7BitEncodedInt(entity.Parts.Count);
        writer.Write(entity.Message is not null);
        foreach (var part in entity.Parts)
        {
            WriteLayout(writer, part);
        }

        if (entity.Message is { } carried)
        {
            WriteLayout(writer, carried);
        }
    }

    private PartLayout ReadLayout()
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(_stored, _layoutOffset, _stored.Length - _layoutOffset, writable: false));
            var nodes = 0;
            return ReadNode(reader, 0, ref nodes);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidDataException("The stored part layout is damaged.", e);
        }
    }

    private PartLayout ReadNode(BinaryReader reader, int depth, ref int nodes)
    {
        if (depth > MaxDepth || ++nodes > MaxNodes)
        {
            throw new InvalidDataException("The stored part layout nests or counts past its bounds.");
        }

        var headerStart = reader.Read7BitEncodedInt64();
        var bodyStart = headerStart + reader.Read7BitEncodedInt64();
        var end = bodyStart + reader.Read7BitEncodedInt64();
        var count = reader.Read7BitEncodedInt();
        var hasMessage = reader.ReadBoolean();
        if (headerStart < 0 || bodyStart < headerStart || end < bodyStart || end > _size || count < 0 || count > MaxNodes)
        {
            throw new InvalidDataException("A stored part lies outside its message.");
        }

        var parts = new PartLayout[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = ReadNode(reader, depth + 1, ref nodes);
        }

        var message = hasMessage ? ReadNode(reader, depth + 1, ref nodes) : null;
        return new PartLayout(headerStart, bodyStart, end, parts, message);
    }
}

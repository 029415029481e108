using System.Text.Json.Serialization;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Mime;
using OpenMss.Operator.Mssante;

namespace OpenMss.Cli.Commands;

/// <summary>
/// What OpenMSS reads in a message (DESIGN.md §5, <c>openmss message inspect</c>): the part tree, the MSSanté
/// headers, the IMAP ENVELOPE and BODYSTRUCTURE, and the repairs made to malformed input.
/// </summary>
internal sealed record MessageInspection(
    int Size,
    InspectedPart Root,
    InspectedMssante Mssante,
    string Envelope,
    string BodyStructure,
    IReadOnlyList<InspectedRepair> Repairs,
    int RepairsNotListed)
{
    public static MessageInspection Of(MimeMessage message)
    {
        var mss = MssanteHeaders.Read(message.Headers);
        return new MessageInspection(
            message.Size,
            InspectedPart.Of(message.Root, message.Root.IsMultipart ? null : "1"),
            new InspectedMssante(mss.Nil, mss.Ins, mss.CodeCda, mss.Mes),
            EnvelopeWriter.Write(message.Root),
            BodyStructureWriter.Write(message.Root),
            [.. message.Repairs.Select(r => new InspectedRepair(r.Offset, r.Kind.ToString(), r.Description))],
            message.DroppedRepairs);
    }
}

/// <param name="Part">The IMAP part number (BODY[n]); null for a multipart message itself.</param>
/// <param name="Size">Body size in bytes as stored (still transfer-encoded).</param>
internal sealed record InspectedPart(
    string? Part,
    string ContentType,
    IReadOnlyDictionary<string, string> Parameters,
    string? Disposition,
    string? FileName,
    string TransferEncoding,
    int Size,
    IReadOnlyList<InspectedPart>? Parts,
    InspectedPart? Message)
{
    public static InspectedPart Of(MimeEntity entity, string? number)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in entity.ContentType.Parameters)
        {
            parameters.TryAdd(parameter.Name, parameter.Value);
        }

        IReadOnlyList<InspectedPart>? parts = entity.IsMultipart
            ? [.. entity.Parts.Select((p, i) => Of(p, number is null ? $"{i + 1}" : $"{number}.{i + 1}"))]
            : null;
        var message = entity.Message is { } inner
            ? Of(inner, inner.IsMultipart ? number : $"{number}.1")
            : null;
        return new InspectedPart(
            entity.IsMultipart ? null : number,
            entity.ContentType.MediaType,
            parameters,
            entity.ContentDisposition?.Disposition,
            entity.FileName,
            entity.TransferEncoding,
            entity.BodyBytes.Length,
            parts,
            message);
    }
}

internal sealed record InspectedMssante(
    [property: JsonPropertyName("X-MSS-NIL")] string? Nil,
    [property: JsonPropertyName("X-MSS-INS")] string? Ins,
    [property: JsonPropertyName("X-MSS-CODECDA")] IReadOnlyList<string>? CodeCda,
    [property: JsonPropertyName("X-MSS-MES")] string? Mes);

internal sealed record InspectedRepair(long Offset, string Kind, string Description);

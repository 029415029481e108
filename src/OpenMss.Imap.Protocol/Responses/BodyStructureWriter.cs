using OpenMss.Mime;
using OpenMss.Mime.Headers;
using OpenMss.Mime.Structure;

namespace OpenMss.Imap.Protocol.Responses;

/// <summary>
/// IMAP BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, RFC 9051) from the MIME engine's <see cref="EntityStructure"/>:
/// the part tree with types, parameters, id, description, encoding, size, lines, and for BODYSTRUCTURE the
/// extension data (MD5, disposition, language, location). Type words and parameter names are written in upper
/// case, values as they stand in the message; RFC 2231-encoded values stay encoded, under the name with its '*'.
/// </summary>
public static class BodyStructureWriter
{
    /// <summary>BODYSTRUCTURE (or BODY without <paramref name="extensible"/>) of a parsed entity, as text (tools and tests).</summary>
    public static string Write(MimeEntity root, bool extensible = true)
    {
        var output = new ImapOutput();
        Write(output, EntityStructure.Of(root), extensible);
        return output.ToString();
    }

    public static void Write(ImapOutput output, EntityStructure entity, bool extensible)
    {
        output.Open();
        if (entity.IsMultipart)
        {
            foreach (var part in entity.Parts)
            {
                Write(output, part, extensible);
            }

            output.Space().UpperText(entity.Subtype);
            if (extensible)
            {
                output.Space();
                Parameters(output, entity.Parameters).Space();
                Disposition(output, entity).Space();
                Language(output, entity.Languages).Space();
                output.NString(entity.Location);
            }

            output.Close();
            return;
        }

        output.UpperText(entity.Type).Space().UpperText(entity.Subtype).Space();
        Parameters(output, entity.Parameters, defaultCharset: entity.DefaultType).Space();
        output.NString(entity.Id).Space();
        output.NString(entity.Description).Space();
        output.UpperText(entity.Encoding).Space();
        output.Number(entity.Size);
        if (entity is { MessageEnvelope: { } envelope, MessageBody: { } body })
        {
            output.Space();
            EnvelopeWriter.Write(output, envelope);
            output.Space();
            Write(output, body, extensible);
            output.Space().Number(entity.Lines);
        }
        else if (entity.IsText)
        {
            output.Space().Number(entity.Lines);
        }

        if (extensible)
        {
            output.Space().NString(entity.Md5).Space();
            Disposition(output, entity).Space();
            Language(output, entity.Languages).Space();
            output.NString(entity.Location);
        }

        output.Close();
    }

    private static ImapOutput Parameters(ImapOutput output, IReadOnlyList<Parameter> parameters, bool defaultCharset = false)
    {
        if (parameters.Count == 0)
        {
            return output.Nil();
        }

        output.Open();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (i > 0)
            {
                output.Space();
            }

            var name = parameter.EncodedValue is null ? parameter.Name : parameter.Name + "*";
            var value = parameter.EncodedValue ?? parameter.Value;
            output.UpperText(name).Space();
            if (defaultCharset)
            {
                output.UpperText(value);
            }
            else
            {
                output.Text(value);
            }
        }

        return output.Close();
    }

    private static ImapOutput Disposition(ImapOutput output, EntityStructure entity)
    {
        if (entity.Disposition is null)
        {
            return output.Nil();
        }

        output.Open().UpperText(entity.Disposition).Space();
        Parameters(output, entity.DispositionParameters);
        return output.Close();
    }

    private static ImapOutput Language(ImapOutput output, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return output.Nil();
        }

        if (tags.Count == 1)
        {
            return output.Text(tags[0]);
        }

        output.Open();
        for (var i = 0; i < tags.Count; i++)
        {
            if (i > 0)
            {
                output.Space();
            }

            output.Text(tags[i]);
        }

        return output.Close();
    }
}

using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Imap;

/// <summary>
/// IMAP BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, RFC 9051): the part tree with types, parameters, id, description,
/// encoding, size, lines, and for BODYSTRUCTURE the extension data (MD5, disposition, language, location).
/// Type words and parameter names are written in upper case, values as they stand in the message.
/// </summary>
public static class BodyStructureWriter
{
    public static string Write(MimeEntity root, bool extensible = true)
    {
        var output = new ImapOutput();
        Write(output, root, extensible);
        return output.ToString();
    }

    public static void Write(ImapOutput output, MimeEntity entity, bool extensible)
    {
        var type = entity.ContentType;
        output.Open();
        if (entity.IsMultipart)
        {
            foreach (var part in entity.Parts)
            {
                Write(output, part, extensible);
            }

            output.Space().UpperText(type.Subtype);
            if (extensible)
            {
                output.Space();
                Parameters(output, type.Parameters).Space();
                Disposition(output, entity).Space();
                Language(output, entity).Space();
                output.NString(entity.Headers["Content-Location"]?.Unfolded);
            }

            output.Close();
            return;
        }

        output.UpperText(type.Type).Space().UpperText(type.Subtype).Space();
        Parameters(output, type.Parameters, defaultCharset: ReferenceEquals(type, ContentType.Default)).Space();
        output.NString(entity.Headers["Content-ID"]?.Unfolded).Space();
        output.NString(entity.Headers["Content-Description"]?.Unfolded).Space();
        output.UpperText(entity.TransferEncoding).Space();
        output.Number(entity.BodyBytes.Length);
        if (type.IsMessage && entity.Message is { } inner)
        {
            output.Space();
            EnvelopeWriter.Write(output, inner.Headers);
            output.Space();
            Write(output, inner, extensible);
            output.Space().Number(entity.Lines);
        }
        else if (type.IsText)
        {
            output.Space().Number(entity.Lines);
        }

        if (extensible)
        {
            output.Space().NString(entity.Headers["Content-MD5"]?.Unfolded).Space();
            Disposition(output, entity).Space();
            Language(output, entity).Space();
            output.NString(entity.Headers["Content-Location"]?.Unfolded);
        }

        output.Close();
    }

    private static ImapOutput Parameters(ImapOutput output, ParameterList parameters, bool defaultCharset = false)
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

            // RFC 2231-encoded values stay encoded (ASCII-safe), under the name with its '*'.
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

    private static ImapOutput Disposition(ImapOutput output, MimeEntity entity)
    {
        if (entity.ContentDisposition is not { Disposition.Length: > 0 } disposition)
        {
            return output.Nil();
        }

        output.Open().UpperText(disposition.Disposition).Space();
        Parameters(output, disposition.Parameters);
        return output.Close();
    }

    private static ImapOutput Language(ImapOutput output, MimeEntity entity)
    {
        if (entity.Headers["Content-Language"]?.Unfolded is not { Length: > 0 } value)
        {
            return output.Nil();
        }

        var tags = value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tags.Length == 1)
        {
            return output.Text(tags[0]);
        }

        output.Open();
        for (var i = 0; i < tags.Length; i++)
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

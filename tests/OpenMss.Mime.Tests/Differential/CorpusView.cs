using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Tests.Differential;

/// <summary>The view of a message the differential test compares; python_email_probe.py computes the same one.</summary>
internal static class CorpusView
{
    public static JsonObject Of(MimeMessage message)
    {
        var parts = new JsonArray();
        Walk(message.Root, "root", parts);
        return new JsonObject
        {
            ["subject"] = message.Headers["Subject"]?.Text,
            ["from"] = Addresses(message.Headers, "From"),
            ["to"] = Addresses(message.Headers, "To"),
            ["cc"] = Addresses(message.Headers, "Cc"),
            ["date"] = DateParser.Parse(message.Headers["Date"]?.Unfolded)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["parts"] = parts,
        };
    }

    private static void Walk(MimeEntity entity, string path, JsonArray parts)
    {
        var parameters = new JsonObject();
        if (entity.Headers["Content-Type"] is not null)
        {
            foreach (var parameter in entity.ContentType.Parameters)
            {
                if (!parameters.ContainsKey(parameter.Name))
                {
                    parameters[parameter.Name] = parameter.Value;
                }
            }
        }

        var node = new JsonObject
        {
            ["path"] = path,
            ["type"] = entity.ContentType.MediaType,
            ["params"] = parameters,
            ["disposition"] = entity.ContentDisposition?.Disposition,
            ["filename"] = entity.FileName,
            ["encoding"] = entity.TransferEncoding,
        };
        parts.Add(node);
        if (entity.IsMultipart)
        {
            node["kind"] = "multipart";
            for (var i = 0; i < entity.Parts.Count; i++)
            {
                Walk(entity.Parts[i], $"{path}.{i + 1}", parts);
            }
        }
        else if (entity.Message is { } inner)
        {
            node["kind"] = "message";
            Walk(inner, path + ".msg", parts);
        }
        else
        {
            node["kind"] = "leaf";
            var content = entity.DecodeContent();
            node["sha256"] = Convert.ToHexStringLower(SHA256.HashData(NormaliseLineBreaks(content)));
        }
    }

    private static JsonArray Addresses(HeaderList headers, string name)
    {
        var result = new JsonArray();
        foreach (var header in headers.All(name))
        {
            foreach (var address in AddressParser.Parse(header.Unfolded))
            {
                if (address.Kind == AddressKind.Mailbox && address.Address is { Length: > 0 } text)
                {
                    result.Add(new JsonArray(address.Name ?? "", text));
                }
            }
        }

        return result;
    }

    private static byte[] NormaliseLineBreaks(byte[] content)
    {
        var output = new List<byte>(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                continue;
            }

            output.Add(content[i]);
        }

        return [.. output];
    }
}

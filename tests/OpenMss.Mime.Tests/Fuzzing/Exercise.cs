using OpenMss.Mime.Imap;
using OpenMss.Mime.Structure;

namespace OpenMss.Mime.Tests.Fuzzing;

/// <summary>Touches everything a server or a tool may ask of a parsed message.</summary>
internal static class Exercise
{
    public static void All(MimeMessage message)
    {
        _ = EnvelopeFields.Of(message.Headers);
        _ = EntityStructure.Of(message.Root);
        foreach (var header in message.Headers)
        {
            _ = header.Text;
        }

        _ = Mime.Headers.DateParser.Parse(message.Headers["Date"]?.Unfolded);
        var index = 0;
        foreach (var entity in message.Root.Walk())
        {
            _ = entity.ContentType.Parameters.Count;
            _ = entity.FileName;
            _ = entity.Lines;
            if (!entity.IsMultipart && entity.Message is null)
            {
                _ = entity.DecodeText(); // leaves only: a container's body is its parts
            }
            if (++index > 2000)
            {
                break;
            }
        }

        foreach (var path in new[] { Array.Empty<int>(), [1], [2], [1, 1], [2, 1, 1], [3, 2] })
        {
            foreach (var kind in Enum.GetValues<SectionKind>())
            {
                _ = SectionReader.Read(message, new BodySection(path, kind, ["subject", "from"]));
            }
        }
    }
}

using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Server.Views;
using OpenMss.Mime;
using OpenMss.Mime.Imap;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// Stored views against the parsed message they were built from: every section of every corpus message located
/// through the stored offsets gives the bytes the MIME engine gives, and damaged views are refused, never trusted.
/// </summary>
public sealed class MessageViewsTests
{
    private static readonly SectionKind[] Kinds = Enum.GetValues<SectionKind>();

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "mime"), "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Views_and_every_section_located_by_them_match_the_parsed_message(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repository.Root, file));
        var message = MimeParser.Parse(bytes);

        var views = MessageViews.Read(MessageViews.Build(bytes), bytes.Length).ShouldNotBeNull();

        Text(views.Envelope).ShouldBe(EnvelopeWriter.Write(message.Root));
        Text(views.Body).ShouldBe(BodyStructureWriter.Write(message.Root, extensible: false));
        Text(views.BodyStructure).ShouldBe(BodyStructureWriter.Write(message.Root, extensible: true));
        var checkedSections = 0;
        foreach (var path in Paths(message.Root, [], depth: 0))
        {
            foreach (var kind in Kinds)
            {
                var section = new BodySection(path, kind, kind is SectionKind.HeaderFields or SectionKind.HeaderFieldsNot ? ["Subject", "content-type", "X-Absent"] : null);
                var expected = SectionReader.Read(message, section);
                var located = SectionSource.Locate(views.Root, bytes.Length, section);
                if ((located is null) != (expected is null))
                {
                    throw new Xunit.Sdk.XunitException($"{file} [{string.Join('.', path)}] {kind}: located {located?.ToString() ?? "nothing"}, the parsed message gives {(expected is null ? "nothing" : expected.Value.Length + " bytes")}.");
                }

                if (located is not { } source)
                {
                    continue;
                }

                Serve(bytes, source, section).ShouldBe(expected!.Value.ToArray(), $"{file} {string.Join('.', path)} {kind}");
                foreach (var (start, count) in new (long, long)[] { (0, 1), (3, 10), (source.Length - 1, 5), (source.Length, 4), (source.Length + 9, 1) })
                {
                    if (!source.FilterFields && start >= 0)
                    {
                        Slice(bytes, source.Partial(start, count)).ShouldBe(SectionReader.Partial(expected.Value, start, count).ToArray());
                    }
                }

                checkedSections++;
            }
        }

        checkedSections.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Views_of_another_format_or_cut_short_are_refused()
    {
        var bytes = TestMessages.Create("vues");
        var stored = MessageViews.Build(bytes);

        var otherVersion = (byte[])stored.Clone();
        otherVersion[0]++;
        MessageViews.Read(otherVersion, bytes.Length).ShouldBeNull();
        MessageViews.Read(stored[..5], bytes.Length).ShouldBeNull();
        MessageViews.Read([], bytes.Length).ShouldBeNull();
        var truncatedLayout = MessageViews.Read(stored[..^2], bytes.Length).ShouldNotBeNull();
        Should.Throw<InvalidDataException>(() => truncatedLayout.Root);
        var smallerMessage = MessageViews.Read(stored, bytes.Length - 1).ShouldNotBeNull();
        Should.Throw<InvalidDataException>(() => smallerMessage.Root); // parts would lie past the message's end
    }

    [Fact]
    public void Mutated_views_are_refused_or_stay_within_the_message()
    {
        var bytes = File.ReadAllBytes(Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "mime", "corpus"), "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last());
        var stored = MessageViews.Build(bytes);
        var random = new Random(19);
        for (var round = 0; round < 20_000; round++)
        {
            var mutated = (byte[])stored.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            if (MessageViews.Read(mutated, bytes.Length) is not { } views)
            {
                continue;
            }

            try
            {
                AllWithin(views.Root, bytes.Length).ShouldBeTrue();
            }
            catch (InvalidDataException)
            {
                // refused: the FETCH rebuilds the views from the message
            }
        }
    }

    private static bool AllWithin(PartLayout part, long size) =>
        part.HeaderStart >= 0 && part.HeaderStart <= part.BodyStart && part.BodyStart <= part.End && part.End <= size
        && part.Parts.All(p => AllWithin(p, size)) && (part.Message is null || AllWithin(part.Message, size));

    /// <summary>Every part path of the message, and one past each level's last part (a part that does not exist).</summary>
    private static IEnumerable<IReadOnlyList<int>> Paths(MimeEntity entity, IReadOnlyList<int> path, int depth)
    {
        yield return path;
        if (depth > 6)
        {
            yield break;
        }

        var container = path.Count > 0 && entity.Message is { } carried ? carried : entity;
        var children = container.IsMultipart ? container.Parts : [container];
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (ReferenceEquals(child, entity) && path.Count > 0 && entity.Message is null)
            {
                yield return [.. path, 1]; // a leaf's part 1 is itself
                continue;
            }

            foreach (var inner in Paths(child, [.. path, i + 1], depth + 1))
            {
                yield return inner;
            }
        }

        yield return [.. path, children.Count + 1];
    }

    private static byte[] Serve(byte[] message, SectionSource source, BodySection section) =>
        source.FilterFields
            ? SectionReader.Read(MimeParser.Parse(Slice(message, source)), section with { Path = [] })!.Value.ToArray()
            : Slice(message, source);

    private static byte[] Slice(byte[] message, SectionSource source) => message.AsSpan((int)source.Start, (int)source.Length).ToArray();

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);
}

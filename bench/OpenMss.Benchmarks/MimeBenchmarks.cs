using BenchmarkDotNet.Attributes;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Server.Views;
using OpenMss.Mime;
using OpenMss.Mime.Imap;
using OpenMss.Mime.Structure;

namespace OpenMss.Benchmarks;

/// <summary>The figures issue 3 asks for; see docs/PERFORMANCE.md for results and targets.</summary>
[MemoryDiagnoser]
public class MimeBenchmarks
{
    private const int EnvelopeBatch = 10_000;
    private byte[] _typical = [];
    private byte[] _large = [];
    private byte[][] _batch = [];
    private byte[] _largeBase64 = [];
    private byte[][] _views = [];

    [GlobalSetup]
    public void Setup()
    {
        _typical = SampleMessages.Typical();
        _large = SampleMessages.Large();
        _batch = [.. Enumerable.Range(0, 100).Select(SampleMessages.Typical)];
        _views = [.. _batch.Select(m => MessageViews.Build(m))];
        var message = MimeParser.Parse(_large);
        _largeBase64 = message.Root.Parts[1].BodyBytes.ToArray();
        Console.WriteLine($"// typical message {SampleMessages.Describe(_typical)}, large message {SampleMessages.Describe(_large)}, base64 body {SampleMessages.Describe(_largeBase64)}");
    }

    /// <summary>Parse of one typical message (structure and headers located, nothing decoded).</summary>
    [Benchmark]
    public MimeMessage ParseTypical() => MimeParser.Parse(_typical);

    /// <summary>Structure parse of the 20 MB message over its stored bytes (offsets, no copies).</summary>
    [Benchmark]
    public int ParseLargeStructure() => MimeParser.Parse(_large).Root.Parts.Count;

    /// <summary>Parse and decode every part of the 20 MB message.</summary>
    [Benchmark]
    public long DecodeLarge()
    {
        long total = 0;
        foreach (var entity in MimeParser.Parse(_large).Root.Walk())
        {
            if (!entity.IsMultipart && entity.Message is null)
            {
                total += entity.DecodeContent().Length;
            }
        }

        return total;
    }

    /// <summary>Base64 decode alone, over a 10 MB attachment body.</summary>
    [Benchmark]
    public int DecodeBase64() => Mime.Encodings.Base64Decoder.Decode(_largeBase64).Length;

    /// <summary>Parse + ENVELOPE + BODYSTRUCTURE written as a server writes them (bytes into one reused buffer), 10,000 typical messages per operation.</summary>
    [Benchmark(OperationsPerInvoke = EnvelopeBatch)]
    public int EnvelopeAndBodyStructure()
    {
        var total = 0;
        var output = new ImapOutput();
        for (var i = 0; i < EnvelopeBatch; i++)
        {
            var message = MimeParser.Parse(_batch[i % _batch.Length]);
            output.Clear();
            EnvelopeWriter.Write(output, EnvelopeFields.Of(message.Headers));
            BodyStructureWriter.Write(output, EntityStructure.Of(message.Root), extensible: true);
            total += output.WrittenSpan.Length;
        }

        return total;
    }

    /// <summary>
    /// The same answer from the views stored beside each blob (what FETCH ENVELOPE BODYSTRUCTURE does since issue 19):
    /// read the stored record, write both items into the reused buffer; no parse, the message bytes untouched.
    /// </summary>
    [Benchmark(OperationsPerInvoke = EnvelopeBatch)]
    public int EnvelopeAndBodyStructureFromViews()
    {
        var total = 0;
        var output = new ImapOutput();
        for (var i = 0; i < EnvelopeBatch; i++)
        {
            var index = i % _batch.Length;
            var views = MessageViews.Read(_views[index], _batch[index].Length)!;
            output.Clear();
            output.Raw("ENVELOPE ").Raw(views.Envelope.Span).Raw(" BODYSTRUCTURE ").Raw(views.BodyStructure.Span);
            total += output.WrittenSpan.Length;
        }

        return total;
    }

    /// <summary>Building the views once, at write time: parse plus ENVELOPE, BODY, BODYSTRUCTURE and the part layout.</summary>
    [Benchmark(OperationsPerInvoke = EnvelopeBatch)]
    public int BuildViews()
    {
        var total = 0;
        for (var i = 0; i < EnvelopeBatch; i++)
        {
            total += MessageViews.Build(_batch[i % _batch.Length]).Length;
        }

        return total;
    }
}

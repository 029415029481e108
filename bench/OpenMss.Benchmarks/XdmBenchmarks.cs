using System.Text;
using BenchmarkDotNet.Attributes;
using OpenMss.Xdm;

namespace OpenMss.Benchmarks;

/// <summary>
/// Pack and read an IHE_XDM archive of about 5 MB with 3 CDA documents (issue 15's figure): the test lab report with a
/// large text section, as a document carrying an embedded report would be.
/// </summary>
[MemoryDiagnoser]
public class XdmBenchmarks
{
    private readonly List<byte[]> _documents = [];
    private byte[] _archive = [];
    private string _file = "";

    /// <summary>Documents 1× (5 MB in all, the figure) or 4× as large: inspection should cost the same at both.</summary>
    [Params(1, 4)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "OpenMss.slnx")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var crbio = File.ReadAllText(Path.Combine(root, "testdata", "cda", "crbio.xml"));
        var random = new Random(15);
        for (var i = 0; i < 3; i++)
        {
            // Base64-like text compresses as an embedded PDF does: poorly. About 1.7 MB per document.
            var filler = new StringBuilder();
            var bytes = new byte[1_250_000 * Scale];
            random.NextBytes(bytes);
            filler.Append(Convert.ToBase64String(bytes));
            _documents.Add(Encoding.UTF8.GetBytes(crbio.Replace("Glycémie à jeun : 0,92 g/L (0,70 - 1,10).", filler.ToString(), StringComparison.Ordinal)));
        }

        _archive = Pack();
        _file = Path.Combine(Path.GetTempPath(), $"openmss-xdm-bench-{Environment.ProcessId}.zip");
        File.WriteAllBytes(_file, _archive);
        Console.WriteLine($"// archive: {_archive.Length} bytes, documents: {_documents.Sum(d => d.Length)} bytes");
    }

    [Benchmark]
    public byte[] Pack() => XdmPackager.Build(_documents, new XdmSender("Dr Jean DUPONT", "Laboratoire", "bench", "1", "OpenMSS"), new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The archive in memory, documents kept (what the SDK does with a received attachment).</summary>
    [Benchmark]
    public int Read() => XdmReader.Read(new MemoryStream(_archive, writable: false)).Documents.Count;

    /// <summary>The archive from its file, documents hashed as they inflate and not kept (what <c>openmss xdm inspect</c> does).</summary>
    [Benchmark]
    public int InspectFile()
    {
        using var stream = File.OpenRead(_file);
        return XdmReader.Inspect(stream).Documents.Count;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);
}

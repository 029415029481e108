using OpenMss.Mime.Writing;

namespace OpenMss.Benchmarks;

/// <summary>The messages the benchmarks read: made by the builder, so they are realistic and reproducible.</summary>
internal static class SampleMessages
{
    /// <summary>About 20 KB: accented text and HTML, a small PDF, MSSanté headers.</summary>
    public static byte[] Typical(int seed = 0)
    {
        var random = new Random(seed);
        var builder = new MessageBuilder
        {
            From = new MessageAddress("labo@labo-test.mssante.test", "Laboratoire d'analyses Test"),
            Subject = $"Compte rendu d'examens biologiques n°{seed}",
            Date = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1)),
            MessageId = $"bench-{seed}@labo-test.mssante.test",
            Text = string.Join("\n", Enumerable.Range(0, 60).Select(i => $"Ligne {i} du compte rendu : hémoglobine {random.Next(100, 180) / 10.0} g/dL, résultat normal.")),
            Html = "<html><body>" + string.Join("", Enumerable.Range(0, 60).Select(i => $"<p>Ligne {i} du compte rendu : résultat normal.</p>")) + "</body></html>",
            BoundarySeed = $"bench{seed}",
        };
        builder.To.Add(new MessageAddress("jean.dupont@operateur-a.mssante.test", "Jean Dupont"));
        builder.Cc.Add(new MessageAddress("secretariat@operateur-a.mssante.test", "Secrétariat"));
        builder.Headers.Add(("X-MSS-NIL", "DEV935997"));
        var pdf = new byte[7_000];
        random.NextBytes(pdf);
        builder.Attachments.Add(new MessageAttachment("20261122_CR_biologie_TESTPATIENT_Héloïse.pdf", "application/pdf", pdf));
        return builder.Build();
    }

    /// <summary>About 20 MB: a short text and two large base64 attachments (an IHE_XDM zip and a scan).</summary>
    public static byte[] Large()
    {
        var random = new Random(42);
        var zip = new byte[7_500_000];
        var scan = new byte[7_500_000];
        random.NextBytes(zip);
        random.NextBytes(scan);
        var builder = new MessageBuilder
        {
            Subject = "Dossier complet",
            Text = "Dossier complet ci-joint.",
            Date = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        };
        builder.To.Add(new MessageAddress("jean.dupont@operateur-a.mssante.test"));
        builder.Attachments.Add(new MessageAttachment("IHE_XDM.ZIP", "application/zip", zip));
        builder.Attachments.Add(new MessageAttachment("scan.pdf", "application/pdf", scan));
        return builder.Build();
    }

    public static string Describe(byte[] message) => $"{message.Length / 1024.0:F1} KB";
}

using OpenMss.Xdm;

namespace OpenMss.TestSupport;

/// <summary>The test CDA documents of testdata/cda, and a sender to pack them.</summary>
public static class TestCda
{
    public static readonly byte[] CrBio = File.ReadAllBytes(Path.Combine(Repository.Root, "testdata", "cda", "crbio.xml"));
    public static readonly byte[] Vsm = File.ReadAllBytes(Path.Combine(Repository.Root, "testdata", "cda", "vsm.xml"));
    public static readonly byte[] NoIns = File.ReadAllBytes(Path.Combine(Repository.Root, "testdata", "cda", "crimg-no-ins.xml"));

    public static readonly XdmSender Sender = new("Dr Jean DUPONT", "Laboratoire OpenMSS (TEST)", "OpenMSS tests", "1.0", "OpenMSS");

    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public const string PatientId = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH";
}

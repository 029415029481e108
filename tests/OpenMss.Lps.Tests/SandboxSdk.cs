using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The SDK's view of a sandbox process: options that trust its CA alone and resolve through its DNS, and the APP BAL's credential.</summary>
internal static class SandboxSdk
{
    public static MssClientOptions Options(this SandboxProcess sandbox, Action<MssClientOptions>? change = null)
    {
        var options = new MssClientOptions { Nil = "OPENMSS-TEST-1", DnsServer = sandbox.Dns, Timeout = TimeSpan.FromSeconds(30) };
        options.Trust.AddRootsFromPem(sandbox.Ca);
        change?.Invoke(options);
        return options;
    }

    public static AuthCliCredential AppCredential(this SandboxProcess sandbox) => AuthCliCredential.FromPemFiles(sandbox.AppCertificate, sandbox.AppKey);
}

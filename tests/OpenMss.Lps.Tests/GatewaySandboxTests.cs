using OpenMss.Lps.Gateway;
using OpenMss.Lps.Trust;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// A thick client as the docs describe it, against the sandbox's intermediate server: paired by CIBA with
/// <c>openmss lps login</c>, then the SDK on the session file; a PSC logout closes its IMAP and SMTP sessions (ECO.1.2.6).
/// </summary>
[Collection("sandbox")]
public sealed class GatewaySandboxTests(SandboxFixture fixture) : IDisposable
{
    private const string GatewayClient = "openmss-gateway";
    private readonly TempDirectory _directory = new();

    private SandboxProcess Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_thick_client_paired_by_ciba_works_through_the_gateway_and_loses_its_sessions_when_psc_logs_the_professional_out()
    {
        var gatewayUrl = Sandbox.Manifest.GetProperty("gateway").GetString()!;
        var file = _directory.Combine("session.json");
        var login = ProcessRunner.RunAsync(Repository.Wrapper,
            ["lps", "login", "--gateway", gatewayUrl, "--ciba", "--idnat", SandboxProcess.PerHolder, "--out", file, "--gateway-ca", Sandbox.Ca, "--installation", "poste-test"],
            _directory.Path, TimeSpan.FromMinutes(2));
        await Sandbox.ApproveCibaAsync(GatewayClient);
        var loggedIn = await login;
        loggedIn.ExitCode.ShouldBe(0, loggedIn.Error);
        loggedIn.Out.ShouldContain($"Signed in as {SandboxProcess.PerHolder}");

        var fetched = await ProcessRunner.RunAsync(Repository.Wrapper,
            ["lps", "fetch", SandboxProcess.Per, "--out", _directory.Combine("mail"), "--gateway-session", file, "--gateway-ca", Sandbox.Ca, "--ca", Sandbox.Ca, "--dns", Sandbox.Dns.ToString()],
            _directory.Path, TimeSpan.FromMinutes(2));
        fetched.ExitCode.ShouldBe(0, fetched.Error);

        var session = MssGatewaySession.Load(file);
        var trust = new MssTrustOptions();
        trust.AddRootsFromPem(Sandbox.Ca);
        using var gateway = new MssGateway(session.Gateway, trust);
        using var tokens = gateway.TokenSource(session);
        using var client = new MssClient(Sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);
        await per.SendAsync(Message(SandboxProcess.Per, "through the gateway"));
        await per.ListNewAsync();
        await tokens.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        var idle = per.WaitForNewMailAsync(TimeSpan.FromMinutes(1));
        (per.ImapIsOpen, per.SubmissionIsOpen).ShouldBe((true, true));

        var sid = await Sandbox.WaitInPscStateAsync("sessions", e => e.GetProperty("idNat").GetString() == SandboxProcess.PerHolder
            && e.GetProperty("clients").EnumerateArray().Any(c => c.GetString() == GatewayClient), "sessionState");
        await Sandbox.Psc.EndSessionAsync(sid);

        await Should.ThrowAsync<MssPscSessionEndedException>(() => idle.WaitAsync(TimeSpan.FromSeconds(10)));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((per.ImapIsOpen || per.SubmissionIsOpen) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        (per.ImapIsOpen, per.SubmissionIsOpen, tokens.EndReason).ShouldBe((false, false, "psc-logout"));
        await Should.ThrowAsync<MssPscSessionEndedException>(() => per.ListNewAsync());
    }

    public void Dispose() => _directory.Dispose();
}

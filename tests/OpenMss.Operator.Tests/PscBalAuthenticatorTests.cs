using OpenMss.Operator.Administration;
using OpenMss.Operator.Authentication;
using OpenMss.Psc;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>The PSC front's authentication, as the IMAP and SMTP fronts call it: a real store, the PSC sandbox over HTTPS on loopback.</summary>
public sealed class PscBalAuthenticatorTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private const string Holder = "810001234567";
    private const string Colleague = "810002345678";
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new(OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));
    private readonly PscMetrics _metrics = new();
    private RunningSandbox _psc = null!;
    private IMailStore _store = null!;
    private PscTokenValidator _validator = null!;
    private PscBalAuthenticator _authenticator = null!;
    private AuthenticationJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _psc = await RunningSandbox.StartAsync();
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        var admin = new BalAdministration(_store, TimeProvider.System, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest($"jean.dupont@{Domain}", BalType.Per, Holder, null, [], false), default);
        await admin.AddBalAsync(new BalRequest($"secretariat@{Domain}", BalType.Org, null, "1750000001", [Colleague], false), default);
        await admin.AddBalAsync(new BalRequest($"dpi@{Domain}", BalType.App, null, "1750000001", [], false), default);
        await admin.AddBalAsync(new BalRequest($"ferme@{Domain}", BalType.Per, Holder, null, [], false), default);
        await admin.SetStatusAsync($"ferme@{Domain}", BalStatus.Deleted, default);
        _validator = new PscTokenValidator(
            new PscOptions { Issuer = _psc.Issuer, ClientId = RunningSandbox.Operator.ClientId, ClientSecret = RunningSandbox.Operator.Secret, RequestTimeout = TimeSpan.FromSeconds(10) },
            _http, TimeProvider.System, _metrics);
        // Strict mode: each authentication returns once its records are committed, so the checks below can read them.
        _journal = new AuthenticationJournal(_store, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, awaitCommit: true);
        _authenticator = new PscBalAuthenticator(_validator, _store, TimeProvider.System, _journal);
    }

    public async Task DisposeAsync()
    {
        _validator.Dispose();
        await _journal.DisposeAsync();
        await _store.DisposeAsync();
        await _psc.DisposeAsync();
        _http.Dispose();
        _metrics.Dispose();
        _directory.Dispose();
    }

    private Task<AuthenticationOutcome> Authenticate(string local, string token) =>
        _authenticator.AuthenticateAsync($"{local}@{Domain}", token, "XOAUTH2", null, default);

    [Fact]
    public async Task The_holder_opens_a_per_bal_and_it_is_recorded()
    {
        var outcome = await Authenticate("Jean.Dupont", await _psc.TokenAsync(Holder));

        outcome.Verdict.ShouldBe(AuthenticationVerdict.Success, outcome.Reason);
        (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.LastAuthentications.Keys.ShouldBe([AuthFront.Psc]);
        var audit = (await _store.Audit.ListAsync($"jean.dupont@{Domain}", 1, default)).Single().Event;
        (audit.Category, audit.Outcome, audit.Front, audit.Mechanism, audit.Actor).ShouldBe(("authentication", "success", "psc", "XOAUTH2", Holder));
    }

    [Fact]
    public async Task Another_professional_is_not_authorised_on_a_per_bal()
    {
        var outcome = await Authenticate("jean.dupont", await _psc.TokenAsync(Colleague));

        outcome.Verdict.ShouldBe(AuthenticationVerdict.NotAuthorized);
        (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.LastAuthentications.ShouldBeEmpty();
        (await _store.Audit.ListAsync($"jean.dupont@{Domain}", 1, default)).Single().Event.Reason.ShouldBe("not the holder of this BAL");
    }

    [Fact]
    public async Task Only_authorised_users_open_an_org_bal()
    {
        (await Authenticate("secretariat", await _psc.TokenAsync(Colleague))).Verdict.ShouldBe(AuthenticationVerdict.Success);
        (await Authenticate("secretariat", await _psc.TokenAsync(Holder))).Verdict.ShouldBe(AuthenticationVerdict.NotAuthorized);
    }

    [Fact]
    public async Task Bad_tokens_unknown_app_and_deleted_bals_all_get_the_same_failure()
    {
        _psc.Clock.Shift(TimeSpan.FromMinutes(-10));
        var old = await _psc.TokenAsync(Holder);
        _psc.Clock.Shift(TimeSpan.FromMinutes(10));
        var expired = await Authenticate("jean.dupont", old);
        var unknown = await Authenticate("personne", await _psc.TokenAsync(Holder));
        var app = await Authenticate("dpi", await _psc.TokenAsync(Holder));
        var deleted = await Authenticate("ferme", await _psc.TokenAsync(Holder));

        new[] { expired, unknown, app, deleted }.ShouldAllBe(o => o.Verdict == AuthenticationVerdict.Failed);
        expired.Reason.ShouldBe("token refused: Expired");
    }

    [Fact]
    public async Task An_unreachable_psc_is_a_temporary_failure()
    {
        var token = await _psc.TokenAsync(Holder);
        await _psc.Sandbox.StopAsync();

        var outcome = await Authenticate("jean.dupont", token);

        outcome.Verdict.ShouldBe(AuthenticationVerdict.Unavailable);
    }

    [Fact]
    public async Task The_audit_trail_never_holds_the_token()
    {
        var token = await _psc.TokenAsync(Colleague);
        await Authenticate("jean.dupont", token);
        await Authenticate("secretariat", token);

        var trail = await _store.Audit.ListAsync(null, 100, default);
        trail.Count(r => r.Event.Category == "authentication").ShouldBe(2);
        foreach (var record in trail)
        {
            record.Event.ToString().ShouldNotContain(token);
        }
    }
}

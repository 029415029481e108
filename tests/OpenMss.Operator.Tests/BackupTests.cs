using System.Net;
using System.Text;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Backup;
using OpenMss.Psc;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>The backup way in when PSC is down: TOTP (RFC 6238), enrolment, login, and the fronts' acceptance of the operator's credential.</summary>
public sealed class BackupTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private const string Holder = "810001234567";
    private static readonly IPAddress Webmail = IPAddress.Parse("127.0.0.9");
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly BackupOptions _options = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), new HashSet<IPAddress> { Webmail });
    private IMailStore _store = null!;
    private AuthenticationJournal _journal = null!;
    private BackupAuthority _authority = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        var admin = new BalAdministration(_store, _clock, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest($"jean.dupont@{Domain}", BalType.Per, Holder, null, [], false), default);
        await admin.AddBalAsync(new BalRequest($"marie.martin@{Domain}", BalType.Per, "810002345678", null, [], false), default);
        _journal = new AuthenticationJournal(_store, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, awaitCommit: true);
        _authority = new BackupAuthority(_store, _options, _clock);
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Totp_gives_the_rfc_6238_test_vectors_for_sha1(long unixTime, string expected) =>
        Totp.Code(Encoding.ASCII.GetBytes("12345678901234567890"), Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime)), digits: 8).ShouldBe(expected);

    [Fact]
    public void Base32_is_rfc_4648_without_padding_both_ways()
    {
        (Totp.Base32("f"u8.ToArray()), Totp.Base32("foobar"u8.ToArray())).ShouldBe(("MY", "MZXW6YTBOI"));
        Totp.FromBase32("mzxw6ytboi").ShouldBe("foobar"u8.ToArray());
        Should.Throw<FormatException>(() => Totp.FromBase32("MZ1")).Message.ShouldBe("'1' is not a base32 character.");
    }

    [Fact]
    public async Task An_enrolled_code_logs_in_once_and_the_secret_is_kept_encrypted()
    {
        var enrolled = await _authority.EnrolAsync(Holder, default);
        var secret = Totp.FromBase32(enrolled.Base32);
        enrolled.KeyUri.ToString().ShouldStartWith($"otpauth://totp/OpenMSS:{Holder}?secret={enrolled.Base32}&issuer=OpenMSS");
        (await _store.OtpEnrolments.FindAsync(Holder, default))!.ProtectedSecret.AsSpan().IndexOf(secret).ShouldBe(-1, "not stored in clear");

        var code = Totp.Code(secret, Totp.StepAt(_clock.GetUtcNow())); // in the very step of the enrolment
        var login = await _authority.LogInAsync(Holder, code, default);
        var replay = await _authority.LogInAsync(Holder, code, default);

        login.Refusal.ShouldBe(BackupRefusal.None);
        login.Expires.ShouldBe(_clock.GetUtcNow() + _options.CredentialLifetime);
        replay.Refusal.ShouldBe(BackupRefusal.WrongCode, "a code is taken once");
        (await _authority.LogInAsync("810002345678", code, default)).Refusal.ShouldBe(BackupRefusal.NotEnrolled);
        var audit = (await _store.Audit.ListAsync(null, 10, default)).Select(r => r.Event).Where(e => e.Category == "backup").ToList();
        audit.Select(e => (e.Action, e.Outcome, e.Actor)).ShouldBe([("otp.login", "failure", "810002345678"), ("otp.login", "failure", Holder), ("otp.login", "success", Holder), ("otp.enrol", "success", Holder)]);
        audit.ShouldAllBe(e => !(e.Reason ?? "").Contains(code));
    }

    [Fact]
    public async Task Failed_codes_throttle_the_idnat_until_the_window_passes()
    {
        var secret = Totp.FromBase32((await _authority.EnrolAsync(Holder, default)).Base32);
        for (var i = 0; i < FailureThrottle<string>.MaxFailures; i++)
        {
            (await _authority.LogInAsync(Holder, "000000", default)).Refusal.ShouldBe(BackupRefusal.WrongCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await _authority.LogInAsync(Holder, Totp.Code(secret, Totp.StepAt(_clock.GetUtcNow())), default)).Refusal.ShouldBe(BackupRefusal.Throttled, "even the right code waits");
        _clock.Advance(FailureThrottle<string>.Window);
        (await _authority.LogInAsync(Holder, Totp.Code(secret, Totp.StepAt(_clock.GetUtcNow())), default)).Refusal.ShouldBe(BackupRefusal.None);
    }

    [Fact]
    public async Task The_fronts_take_the_credential_from_the_webmail_only_for_the_professionals_bals_and_not_once_expired()
    {
        var authenticator = new PscBalAuthenticator(new RefusingValidator(), _store, _clock, _journal, _authority.Credentials, _options.WebmailAddresses);
        var (credential, _) = _authority.Credentials.Issue(Holder);

        (await authenticator.AuthenticateAsync($"jean.dupont@{Domain}", credential, "XOAUTH2", Webmail, default)).Verdict.ShouldBe(AuthenticationVerdict.Success);
        (await authenticator.AuthenticateAsync($"jean.dupont@{Domain}", credential, "XOAUTH2", IPAddress.Parse("127.0.0.1"), default)).Reason.ShouldBe("a backup credential is accepted only from the webmail");
        (await authenticator.AuthenticateAsync($"marie.martin@{Domain}", credential, "XOAUTH2", Webmail, default)).Verdict.ShouldBe(AuthenticationVerdict.NotAuthorized);
        var forged = new BackupCredentials(_options with { Key = new byte[32] }, _clock).Issue(Holder).Token;
        (await authenticator.AuthenticateAsync($"jean.dupont@{Domain}", forged, "XOAUTH2", Webmail, default)).Reason.ShouldBe("backup credential refused");
        _clock.Advance(_options.CredentialLifetime);
        (await authenticator.AuthenticateAsync($"jean.dupont@{Domain}", credential, "XOAUTH2", Webmail, default)).Reason.ShouldBe("backup credential expired");
    }

    /// <summary>PSC refuses everything here: the backup credential must not depend on it.</summary>
    private sealed class RefusingValidator : ITokenValidator
    {
        public Task<TokenValidation> ValidateAsync(string accessToken, CancellationToken cancellationToken) =>
            Task.FromResult(TokenValidation.Unavailable(TokenProblem.PscUnreachable, "PSC is down"));
    }
}

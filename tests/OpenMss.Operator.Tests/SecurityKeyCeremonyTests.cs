using System.Net;
using System.Text.Json;
using OpenMss.Operator.Backup;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>
/// WebAuthn ceremonies of the backup access, around what the Fido2 library checks: options, one answer per ceremony,
/// for its professional, within 5 minutes, and the throttle. A real key's answers are in the webmail's browser test
/// (Chromium's virtual authenticator).
/// </summary>
public sealed class SecurityKeyCeremonyTests : IAsyncLifetime
{
    private const string Holder = "810001234567";
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly BackupOptions _options = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), new HashSet<IPAddress>())
    {
        SecurityKeyOrigins = [new Uri("https://webmail.example.test")],
    };

    private IMailStore _store = null!;
    private BackupAuthority _authority = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        _authority = new BackupAuthority(_store, _options, _clock);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Enrolment_options_name_the_webmail_and_carry_a_user_handle_that_is_not_the_idnat()
    {
        var ceremony = (await _authority.BeginKeyEnrolmentAsync(Holder, default)).ShouldNotBeNull();
        using var options = JsonDocument.Parse(ceremony.OptionsJson);

        options.RootElement.GetProperty("rp").GetProperty("id").GetString().ShouldBe("webmail.example.test");
        var user = options.RootElement.GetProperty("user");
        user.GetProperty("name").GetString().ShouldBe(Holder);
        Convert.FromBase64String(Pad(user.GetProperty("id").GetString()!)).Length.ShouldBe(32, "a hash of the IdNat");
        options.RootElement.GetProperty("challenge").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(22, "at least 16 random bytes");
        _authority.OffersSecurityKeys.ShouldBeTrue();
        new BackupAuthority(_store, _options with { SecurityKeyOrigins = [] }, _clock).OffersSecurityKeys.ShouldBeFalse();
    }

    [Fact]
    public async Task A_ceremony_is_answered_once_for_its_professional_and_within_five_minutes()
    {
        var ceremony = (await _authority.BeginKeyEnrolmentAsync(Holder, default))!;
        (await _authority.FinishKeyEnrolmentAsync("810002345678", ceremony.Id, "{}", default)).ShouldBeFalse("another professional's ceremony");
        (await _authority.FinishKeyEnrolmentAsync(Holder, ceremony.Id, "{}", default)).ShouldBeFalse("taken by the first answer");

        var late = (await _authority.BeginKeyEnrolmentAsync(Holder, default))!;
        _clock.Advance(BackupAuthority.CeremonyLifetime);
        (await _authority.FinishKeyEnrolmentAsync(Holder, late.Id, "{}", default)).ShouldBeFalse("expired");

        var garbage = (await _authority.BeginKeyEnrolmentAsync(Holder, default))!;
        (await _authority.FinishKeyEnrolmentAsync(Holder, garbage.Id, "not json", default)).ShouldBeFalse();
        (await _store.SecurityKeys.ListAsync(Holder, default)).ShouldBeEmpty();
        var audit = (await _store.Audit.ListAsync(null, 10, default)).Select(r => r.Event).Where(e => e.Category == "backup").ToList();
        audit.Count(e => e.Action == "key.enrol" && e.Outcome == "failure" && e.Mechanism == "webauthn").ShouldBe(4);
    }

    [Fact]
    public async Task A_login_names_the_professionals_keys_and_failures_are_throttled_per_idnat()
    {
        (await _authority.BeginKeyLoginAsync(Holder, default)).ShouldBeNull("no key enrolled");
        (await _authority.BeginKeyLoginAsync("not an idnat", default)).ShouldBeNull();
        await _store.SecurityKeys.AddAsync(new SecurityKey([7, 7, 7], Holder, [1], 0, _clock.GetUtcNow()), default);

        var ceremony = (await _authority.BeginKeyLoginAsync(Holder, default)).ShouldNotBeNull();
        using (var options = JsonDocument.Parse(ceremony.OptionsJson))
        {
            options.RootElement.GetProperty("rpId").GetString().ShouldBe("webmail.example.test");
            options.RootElement.GetProperty("allowCredentials").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe("BwcH");
        }

        var refusals = new List<BackupRefusal>();
        for (var i = 0; i < 6; i++)
        {
            var attempt = i == 0 ? ceremony : (await _authority.BeginKeyLoginAsync(Holder, default))!;
            refusals.Add((await _authority.KeyLogInAsync(attempt.Id, """{"id":"BwcH","rawId":"BwcH","type":"public-key","response":{}}""", default)).Refusal);
        }

        refusals.ShouldBe([.. Enumerable.Repeat(BackupRefusal.WrongCode, 5), BackupRefusal.Throttled]);
        (await _authority.KeyLogInAsync(ceremony.Id, "{}", default)).Refusal.ShouldBe(BackupRefusal.WrongCode, "a ceremony is taken once");
    }

    [Fact]
    public async Task Malformed_answers_of_every_kind_are_refused_never_thrown()
    {
        await _store.SecurityKeys.AddAsync(new SecurityKey([7, 7, 7], Holder, [1], 0, _clock.GetUtcNow()), default);
        var random = new Random(2112);
        var alphabet = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        string Bytes() => Convert.ToBase64String(random.GetItems(alphabet, random.Next(0, 120))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        for (var i = 0; i < 150; i++)
        {
            _clock.Advance(Authentication.FailureThrottle<string>.Window); // each answer is parsed, not throttled
            var login = (await _authority.BeginKeyLoginAsync(Holder, default))!;
            var rawId = i % 2 == 0 ? "BwcH" : Bytes();
            var assertion = $$$"""{"id":"BwcH","rawId":"{{{rawId}}}","type":"public-key","response":{"clientDataJSON":"{{{Bytes()}}}","authenticatorData":"{{{Bytes()}}}","signature":"{{{Bytes()}}}","userHandle":"{{{Bytes()}}}"}}""";
            (await _authority.KeyLogInAsync(login.Id, assertion, default)).Refusal.ShouldBe(BackupRefusal.WrongCode, assertion);

            var enrolment = (await _authority.BeginKeyEnrolmentAsync(Holder, default))!;
            var attestation = $$$"""{"id":"{{{Bytes()}}}","rawId":"{{{Bytes()}}}","type":"public-key","response":{"clientDataJSON":"{{{Bytes()}}}","attestationObject":"{{{Bytes()}}}"}}""";
            (await _authority.FinishKeyEnrolmentAsync(Holder, enrolment.Id, attestation, default)).ShouldBeFalse(attestation);
        }

        (await _store.SecurityKeys.ListAsync(Holder, default)).Count.ShouldBe(1);
        var tooLong = (await _authority.BeginKeyEnrolmentAsync(Holder, default))!;
        (await _authority.FinishKeyEnrolmentAsync(Holder, tooLong.Id, new string(' ', BackupAuthority.MaxAnswerLength + 1) + "{}", default)).ShouldBeFalse("not read past the bound");
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}

using System.Net;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Authentication;
using OpenMss.Storage.Model;
using OpenMss.OperatorConsole;

namespace OpenMss.Web.Tests;

/// <summary>The console's login, throttle, CSRF, audit and reports over plain HTTPS requests (the browser tests drive the pages).</summary>
public sealed class ConsoleHttpTests : IAsyncLifetime
{
    private ConsoleSpace _space = null!;

    public async Task InitializeAsync() => _space = await ConsoleSpace.StartAsync();

    public async Task DisposeAsync() => await _space.DisposeAsync();

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page_and_sees_nothing()
    {
        using var client = _space.Client();

        var answer = await client.GetAsync("/bals");

        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.ToString().ShouldStartWith($"{_space.Url}login?ReturnUrl=%2Fbals");
        (await client.GetAsync("/reports/show?path=dpi-2026-11%2Freport.html")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Failed_logins_are_audited_and_throttled_per_address_until_the_window_passes()
    {
        using var client = _space.Client();

        (await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ConsoleSpace.LogInAsync(client, ConsoleSpace.Password, ConsoleSpace.Admin)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var audit = await _space.AuditAsync();
        audit.Where(e => e.Category == "console").Select(e => (e.Outcome, e.Actor, e.Reason)).ShouldBe(
            [("failure", null, "unknown administrator"), ("failure", "console:alice", "wrong password")]);
        audit.ShouldAllBe(e => !(e.Actor ?? "").Contains(ConsoleSpace.Password) && !(e.Reason ?? "").Contains(ConsoleSpace.Password));

        for (var i = 2; i < FailureThrottle<IPAddress>.MaxFailures; i++)
        {
            (await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "even the right password waits");
        _space.Clock.Advance(FailureThrottle<IPAddress>.Window);
        var success = await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);
        success.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/bals")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var last = (await _space.AuditAsync())[0];
        last.ShouldBe(new Storage.Model.AuditEvent(last.At, "console", "login", "success", Front: "console", Mechanism: "password", Actor: "console:alice"));
        (last.At - _space.Clock.GetUtcNow()).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(1), "stamped by the console's clock");
    }

    [Fact]
    public async Task The_bal_list_pages_and_searches_the_directory_and_the_domains_count_their_bals()
    {
        var admin = new BalAdministration(_space.Store, _space.Clock, "test");
        for (var i = 0; i < 250; i++)
        {
            await admin.AddBalAsync(new BalRequest($"cabinet{i:D3}@{ConsoleSpace.Domain}", BalType.Per, $"810000000{i:D3}", null, [], false), default);
        }

        using var client = _space.Client();
        await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);

        var first = await client.GetStringAsync($"/bals?domain={ConsoleSpace.Domain}");
        first.ShouldContain("Page 1 sur 3");
        first.ShouldContain("cabinet000@");
        first.ShouldNotContain("cabinet100@");
        var third = await client.GetStringAsync($"/bals?domain={ConsoleSpace.Domain}&page=3");
        third.ShouldContain("Page 3 sur 3");
        third.ShouldContain("cabinet249@");
        third.ShouldContain("jean.dupont@", customMessage: "251 BALs by address: jean.dupont comes last");
        (await client.GetStringAsync($"/bals?domain={ConsoleSpace.Domain}&page=99")).ShouldContain("Page 3 sur 3", customMessage: "a page past the end shows the last");
        var searched = await client.GetStringAsync("/bals?q=CABINET24");
        searched.ShouldNotContain("Page ", customMessage: "ten BALs fit one page");
        System.Text.RegularExpressions.Regex.Count(searched, "cabinet24\\d@").ShouldBe(10);
        (await client.GetStringAsync("/bals?q=810000000007")).ShouldContain("cabinet007@");
        (await client.GetStringAsync("/")).ShouldContain($"{ConsoleSpace.Domain}</a></td><td>251</td>");
    }

    [Fact]
    public async Task A_change_without_the_antiforgery_field_is_refused_and_nothing_changes()
    {
        using var client = _space.Client();
        await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);

        var answer = await client.PostAsync($"/bals/jean.dupont%40{ConsoleSpace.Domain}/status", new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "unpublished" }));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _space.Store.Directory.FindBalAsync($"jean.dupont@{ConsoleSpace.Domain}", default))!.Status.ShouldBe(Storage.Model.BalStatus.Active);
        (await client.PostAsync("/logout", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a forged logout ends nothing");
        (await client.GetAsync("/bals")).StatusCode.ShouldBe(HttpStatusCode.OK, "still logged in");
    }

    [Fact]
    public async Task A_bal_change_is_audited_under_the_administrators_name_and_a_refusal_gets_its_sentence()
    {
        using var client = _space.Client();
        await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);
        var page = $"/bals/jean.dupont%40{ConsoleSpace.Domain}";

        var changed = await client.PostAsync(page + "/liste-rouge", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = await ConsoleSpace.CsrfAsync(client, page), ["listeRouge"] = "on" }));
        var refused = await client.PostAsync(page + "/authorized-users", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = await ConsoleSpace.CsrfAsync(client, page), ["idNats"] = "810001234567" }));

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, "post, redirect, get");
        (await _space.Store.Directory.FindBalAsync($"jean.dupont@{ConsoleSpace.Domain}", default))!.ListeRouge.ShouldBeTrue();
        (await _space.AuditAsync()).ShouldContain(e => e.Action == "bal.set-liste-rouge on" && e.Actor == "console:alice" && e.BalAddress == $"jean.dupont@{ConsoleSpace.Domain}");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain($"Only an ORG BAL has authorised users; jean.dupont@{ConsoleSpace.Domain} is a PER BAL.");
    }

    [Fact]
    public async Task Reports_are_listed_and_shown_sandboxed_and_nothing_else_of_the_folder_is_served()
    {
        using var client = _space.Client();
        await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);

        (await client.GetStringAsync("/reports")).ShouldContain("dpi-2026-11/report.html");
        var report = await client.GetAsync("/reports/show?path=dpi-2026-11%2Freport.html");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        report.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("sandbox; default-src 'none'");
        (await report.Content.ReadAsStringAsync()).ShouldContain("Conforme");
        foreach (var path in new[] { "secret.txt", "..%2Freports%2Fsecret.txt", "dpi-2026-11%2F..%2Fsecret.txt", "%2Fetc%2Fpasswd" })
        {
            (await client.GetAsync($"/reports/show?path={path}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }
    }

    [Fact]
    public async Task An_indicator_export_writes_the_ans_files_and_is_audited()
    {
        using var client = _space.Client();
        await ConsoleSpace.LogInAsync(client, ConsoleSpace.Admin, ConsoleSpace.Password);

        var answer = await client.PostAsync("/indicators", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = await ConsoleSpace.CsrfAsync(client, "/indicators"), ["month"] = "2026-10" }));
        var bad = await client.PostAsync("/indicators", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = await ConsoleSpace.CsrfAsync(client, "/indicators"), ["month"] = "octobre" }));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var files = Directory.GetFiles(_space.Exports, "*.csv").Select(Path.GetFileName).ToList();
        files.Count.ShouldBe(2, string.Join(", ", files));
        (await client.GetStringAsync("/indicators")).ShouldContain(files[0]!);
        (await client.GetAsync($"/indicators/files/{files[0]}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/indicators/files/..%2F..%2Fetc%2Fpasswd")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _space.AuditAsync()).ShouldContain(e => e.Action == "indicators.export 2026-10" && e.Actor == "console:alice");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void A_password_hash_verifies_only_its_password_and_an_unreadable_hash_verifies_nothing()
    {
        var hash = AdminPasswords.Hash("correct horse battery staple");

        AdminPasswords.Verify("correct horse battery staple", hash).ShouldBeTrue();
        AdminPasswords.Verify("correct horse battery stapl", hash).ShouldBeFalse();
        AdminPasswords.Hash("correct horse battery staple").ShouldNotBe(hash, "a fresh salt each time");
        foreach (var unreadable in new[] { "", "plain", "pbkdf2-sha256$1$AA==$AA==", "pbkdf2-sha256$600000$not base64$AA==", "md5$1$a$b" })
        {
            AdminPasswords.Verify("x", unreadable).ShouldBeFalse(unreadable);
        }
    }
}

using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Playwright;
using OpenMss.TestSupport;

namespace OpenMss.Web.Tests;

/// <summary>
/// The webmail in headless Chromium (Debian's, driven by Playwright): PSC login through the sandbox's login page,
/// the BALs the professional may open, an INBOX read through the operator's fronts. Screenshots go to
/// artifacts/test-results/screenshots.
/// </summary>
public sealed class WebmailBrowserTests : IAsyncLifetime
{
    private WebmailSpace _space = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _space = await WebmailSpace.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _space.DisposeAsync();
    }

    private Task<IBrowserContext> ContextAsync() => _chromium.ContextAsync();

    private static Task ScreenshotAsync(IPage page, string name) => Chromium.ScreenshotAsync(page, name);

    /// <summary>Where the webmail spent a page's time (its Server-Timing header), and asserts it says so.</summary>
    private static async Task<string> ServerTimingAsync(IResponse response)
    {
        var timing = (await response.AllHeadersAsync()).GetValueOrDefault("server-timing");
        timing.ShouldNotBeNull().ShouldContain(";dur=");
        return timing;
    }

    [Fact]
    public async Task A_professional_logs_in_with_psc_sees_the_bals_they_may_open_and_reads_an_inbox_through_the_fronts()
    {
        await _space.DeliverAsync(WebmailSpace.Per, "From: Dr Marie MARTIN <marie.martin@operateur-a.mssante.test>\r\nTo: jean.dupont@operateur-a.mssante.test\r\nSubject: Compte rendu <script>document.title='pwned'</script>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0100\r\n\r\nBonjour.\r\n");
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        var loginMs = await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);

        (await page.TitleAsync()).ShouldStartWith("Vos BAL");
        (await page.Locator("ul.bals a").AllInnerTextsAsync()).ShouldBe([WebmailSpace.Per, WebmailSpace.Org], ignoreOrder: true, "PER as holder, ORG as an authorised user, never another's BAL");
        await ScreenshotAsync(page, "webmail-bals");

        var clock = Stopwatch.StartNew();
        var listed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"text={WebmailSpace.Per}"), r => r.Request.IsNavigationRequest);
        await page.WaitForSelectorAsync("table.messages");
        var listMs = clock.Elapsed.TotalMilliseconds;
        var listBrowser = await Chromium.NavigationTimingAsync(page);

        (await page.Locator("table.messages tbody tr td").AllInnerTextsAsync()).ShouldBe(["marie.martin@operateur-a.mssante.test", "Compte rendu <script>document.title='pwned'</script>", "2026-11-30 10:00"]);
        (await page.TitleAsync()).ShouldNotContain("pwned");
        dialogs.ShouldBe(0);
        await ScreenshotAsync(page, "webmail-inbox");
        Console.WriteLine($"webmail figures: login to first page {loginMs:0} ms, INBOX list {listMs:0} ms ({listBrowser}; server: {await ServerTimingAsync(listed)})");

        // Another professional's BAL is not offered, and asking for it by address gets nothing.
        (await page.GotoAsync(new Uri(_space.Webmail, "/bal/marie.martin%40operateur-a.mssante.test").ToString()))!.Status.ShouldBe(404);
        // The session cookie carries no token: it wraps a random key to a ticket kept on the server, which holds the
        // PSC tokens (a cookie holding them would be several kilobytes).
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "__Host-openmss-webmail");
        (cookie.Secure, cookie.HttpOnly, cookie.Value.Length < 600).ShouldBe((true, true, true), $"cookie of {cookie.Value.Length} characters");
        var ticket = _space.Tickets.Held.ShouldHaveSingleItem();
        (ticket.Properties.GetTokenValue("access_token")?.Length > 600).ShouldBe(true);
    }

    [Fact]
    public async Task A_message_reads_sanitised_with_its_xdm_documents_and_attachments_to_download()
    {
        // Sent by an LPS with the SDK, from the ORG BAL (Dr DUPONT is its authorised user), through the submission front.
        var sent = new MimeKit.MimeMessage();
        sent.To.Add(MimeKit.MailboxAddress.Parse(WebmailSpace.Per));
        sent.Subject = "Résultats biologiques";
        var body = new MimeKit.BodyBuilder
        {
            HtmlBody = "<p id=\"fields\">Bonjour, voici les <b>résultats</b>.</p><script>document.title='pwned'</script>" +
                "<img src=\"https://tracker.example/pixel.gif\" onerror=\"document.title='pwned'\"><a href=\"javascript:alert(1)\">lien</a>",
        };
        sent.Body = body.ToMessageBody();
        OpenMss.Lps.Documents.MssDocuments.Attach(sent, [TestCda.CrBio], TestCda.Sender, DateTimeOffset.UtcNow);
        await _space.SendAsync(WebmailSpace.Org, OpenMss.Lps.BalType.Org, WebmailSpace.Holder, sent);

        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        var remote = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(_space.Webmail.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith(_space.Psc.Issuer.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)) { remote.Add(request.Url); } };
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        await page.ClickAsync($"text={WebmailSpace.Per}");

        await page.ClickAsync("text=Résultats biologiques");
        await page.WaitForSelectorAsync("div.body.html");

        (await page.InnerTextAsync("div.body.html")).ShouldStartWith("Bonjour, voici les résultats.");
        (await page.Locator("div.body.html [id]").CountAsync()).ShouldBe(0, "ids are the page's (no DOM clobbering)");
        (await page.Locator("main script, main img, main [onerror]").CountAsync()).ShouldBe(0);
        (await page.Locator("main a[href^='javascript']").CountAsync()).ShouldBe(0);
        (await page.TitleAsync()).ShouldNotContain("pwned");
        dialogs.ShouldBe(0);
        remote.ShouldBeEmpty("no remote content is fetched");
        var document = await page.Locator("table.documents tbody tr td").AllInnerTextsAsync();
        document.ShouldBe(["Compte rendu d'examens biologiques", "11502-2 CR d'examens biologiques", "PAT-TROIS DOMINIQUE", "279035121518989", document[4], document[5]]);
        await ScreenshotAsync(page, "webmail-message");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("ul.attachments a"));
        download.SuggestedFilename.ShouldBe("IHE_XDM.ZIP");

        // The CR-BIO's body, readable: its section and result, with the CDA header fields.
        await page.ClickAsync("table.documents a");
        await page.WaitForSelectorAsync("section.cda");
        (await page.InnerTextAsync("section.cda h2")).ShouldBe("Biochimie sanguine");
        (await page.InnerTextAsync("div.narrative")).ShouldContain("Glycémie à jeun : 0,92 g/L");
        await ScreenshotAsync(page, "webmail-cda");
        var saved = await download.PathAsync();
        var archive = OpenMss.Xdm.XdmReader.Read(File.OpenRead(saved!));
        archive.Documents.ShouldContain(d => d.Content != null && d.Content.SequenceEqual(TestCda.CrBio));
    }

    [Fact]
    public async Task A_reply_with_an_attachment_and_the_end_of_exchange_arrives_in_the_other_bal()
    {
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: Demande de résultats\r\nMessage-ID: <demande-1@operateur-a.mssante.test>\r\n\r\nPouvez-vous envoyer les résultats ?\r\n");
        var attachment = Path.Combine(Path.GetTempPath(), $"resultats-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(attachment, "%PDF-1.4 résultats"u8.ToArray());
        try
        {
            await using var context = await ContextAsync();
            var page = await context.NewPageAsync();
            await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
            await page.ClickAsync($"text={WebmailSpace.Per}");
            await page.ClickAsync("text=Demande de résultats");
            await page.ClickAsync("text=Répondre");

            (await page.InputValueAsync("input[name=to]")).ShouldBe(WebmailSpace.Org);
            (await page.InputValueAsync("input[name=subject]")).ShouldBe("Re: Demande de résultats");
            await page.FillAsync("textarea[name=body]", "Voici les résultats.");
            await page.SetInputFilesAsync("input[name=attachments]", attachment);
            await page.CheckAsync("input[name=fin]");
            await page.CheckAsync("input[name=receipt]");
            await ScreenshotAsync(page, "webmail-compose");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("p.notice");
        }
        finally
        {
            File.Delete(attachment);
        }

        var delivered = (await _space.InboxAsync(WebmailSpace.Org)).ShouldHaveSingleItem();
        delivered.Subject.ShouldBe("Re: Demande de résultats");
        delivered.InReplyTo.ShouldBe("demande-1@operateur-a.mssante.test");
        delivered.Headers["X-MSS-MES"].ShouldBe("FIN");
        delivered.Headers["X-MSS-NIL"].ShouldBe("OPENMSS-WEBMAIL");
        delivered.Headers[MimeKit.HeaderId.DispositionNotificationTo].ShouldBe(WebmailSpace.Per);
        delivered.From.Mailboxes.Single().Address.ShouldBe(WebmailSpace.Per);
        delivered.TextBody.ShouldStartWith("Voici les résultats.");
        var pdf = delivered.Attachments.OfType<MimeKit.MimePart>().ShouldHaveSingleItem();
        pdf.FileName.ShouldStartWith("resultats-");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);

        var response = await page.APIRequest.PostAsync(new Uri(_space.Webmail, $"/bal/{Uri.EscapeDataString(WebmailSpace.Per)}/send").ToString(), new APIRequestContextOptions
        {
            Multipart = page.APIRequest.CreateFormData().Append("to", WebmailSpace.Org).Append("subject", "forged").Append("body", "x"),
        });

        response.Status.ShouldBe(400);
        (await _space.InboxAsync(WebmailSpace.Org)).ShouldBeEmpty();
        (await page.APIRequest.PostAsync(new Uri(_space.Webmail, "/logout").ToString())).Status.ShouldBe(400, "a forged logout ends nothing");
        _space.Tickets.Held.ShouldHaveSingleItem();

        // The page's own logout form carries its token: the webmail session ends, then PSC's session (RP-initiated
        // logout), which sends the browser back to the webmail's signed-out page.
        await page.ClickAsync("header button:has-text('Se déconnecter')");
        await page.WaitForURLAsync(new Uri(_space.Webmail, "/signed-out").ToString());
        _space.Tickets.Held.ShouldBeEmpty();
        await page.GotoAsync(_space.Webmail.ToString());
        (await page.Locator("input[name=idnat]").CountAsync()).ShouldBeGreaterThan(0, "PSC's session ended too: the webmail leads to PSC's login page again");
    }

    [Fact]
    public async Task A_psc_logout_ends_the_webmail_session()
    {
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        _space.Tickets.Held.Count.ShouldBe(1);

        // The professional logs out at PSC (elsewhere): PSC tells the webmail by a signed back-channel logout token.
        using (var state = await _space.Psc.Client.StateAsync())
        {
            var session = state.RootElement.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("idNat").GetString() == WebmailSpace.Holder);
            await _space.Psc.Client.EndSessionAsync(session.GetProperty("sessionState").GetString()!);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_space.Tickets.Held.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using (var after = await _space.Psc.Client.StateAsync())
        {
            _space.Tickets.Held.ShouldBeEmpty($"the back-channel logout removed the session (PSC: {after.RootElement.GetProperty("logoutDeliveries")}; claims: {string.Join(",", _space.Tickets.Held.SelectMany(t => t.Principal.Claims).Select(c => c.Type))})");
        }
        await page.GotoAsync(_space.Webmail.ToString());
        (await page.TitleAsync()).ShouldNotStartWith("Vos BAL", customMessage: "the next page asks PSC for a login again");
        (await page.Locator("input[name=idnat]").CountAsync()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_forged_logout_token_ends_nothing()
    {
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);

        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var refused = await http.PostAsync(new Uri(_space.Webmail, "/backchannel-logout"), new FormUrlEncodedContent([new("logout_token", "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.")]));

        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        _space.Tickets.Held.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_psc_in_trouble_gets_a_clear_page_not_an_error()
    {
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        await _space.Psc.Client.SetFailureAsync(OpenMss.Psc.Sandbox.FailureMode.ServerError);

        var response = await page.GotoAsync(new Uri(_space.Webmail, "/bal/" + Uri.EscapeDataString(WebmailSpace.Per)).ToString());

        response!.Status.ShouldBe(503);
        (await page.InnerTextAsync("main p")).ShouldContain("réessayez");
    }

    [Fact]
    public async Task A_2_mb_message_opens_with_its_start_shown_and_the_whole_text_to_download()
    {
        var line = new string('x', 998) + "\r\n";
        var text = string.Concat(Enumerable.Repeat(line, 2 * 1024 * 1024 / line.Length));
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: Dossier volumineux\r\n\r\n{text}fin du dossier\r\n");
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        await page.ClickAsync($"text={WebmailSpace.Per}");
        await page.WaitForSelectorAsync("table.messages");

        var clock = Stopwatch.StartNew();
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Dossier volumineux"), r => r.Url.Contains("/bal/", StringComparison.Ordinal) && r.Request.IsNavigationRequest);
        await page.WaitForSelectorAsync("pre.body");
        var openMs = clock.Elapsed.TotalMilliseconds;
        var openBrowser = await Chromium.NavigationTimingAsync(page);

        (await page.InnerTextAsync("pre.body")).Length.ShouldBe(100_000, "the page shows the start of a long text");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Texte entier"));
        (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimEnd().ShouldEndWith("fin du dossier");
        Console.WriteLine($"webmail figures: 2 MB message opened in {openMs:0} ms ({openBrowser}; server: {await ServerTimingAsync(response)})");
    }

    [Fact]
    public async Task A_folder_of_10000_messages_opens_a_page_at_a_time_and_searches()
    {
        var seeding = Stopwatch.StartNew();
        await Parallel.ForAsync(1, 10_001, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: Message {i:D5}\r\nDate: Mon, 30 Nov 2026 10:00:00 +0100\r\n\r\nCorps {i}.\r\n"));
        Console.WriteLine($"webmail figures: 10,000 messages stored in {seeding.Elapsed.TotalSeconds:0.0} s");
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);

        var clock = Stopwatch.StartNew();
        var first = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"text={WebmailSpace.Per}"), r => r.Request.IsNavigationRequest);
        await page.WaitForSelectorAsync("table.messages");
        var firstPageMs = clock.Elapsed.TotalMilliseconds;
        var firstBrowser = await Chromium.NavigationTimingAsync(page);
        var rows = page.Locator("table.messages tbody tr");
        (await rows.CountAsync()).ShouldBe(50);
        (await page.InnerTextAsync("nav.paging span")).ShouldBe("1 / 200 (10000 messages)");
        await ScreenshotAsync(page, "webmail-large-folder");
        var subjects = page.Locator("table.messages tbody tr td a");
        var firstPage = await subjects.AllInnerTextsAsync();

        clock.Restart();
        var next = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("a[rel=next]"), r => r.Request.IsNavigationRequest);
        await page.WaitForSelectorAsync("text=2 / 200 (10000 messages)");
        var nextPageMs = clock.Elapsed.TotalMilliseconds;
        var nextBrowser = await Chromium.NavigationTimingAsync(page);
        // Newest first by arrival; the seeding ran 8 deliveries at once, so arrival is only about the number's order.
        var secondPage = await subjects.AllInnerTextsAsync();
        secondPage.Count.ShouldBe(50);
        secondPage.Intersect(firstPage).ShouldBeEmpty("the next page, not the first again");
        secondPage.Select(t => int.Parse(t["Message ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ShouldAllBe(n => n > 9_850 && n <= 9_960);

        clock.Restart();
        await page.FillAsync("input[name=q]", "Message 00042");
        var searched = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Request.IsNavigationRequest);
        await page.WaitForSelectorAsync("table.messages");
        var searchMs = clock.Elapsed.TotalMilliseconds;
        var searchBrowser = await Chromium.NavigationTimingAsync(page);
        (await page.Locator("table.messages tbody tr td a").AllInnerTextsAsync()).ShouldBe(["Message 00042"]);
        Console.WriteLine($"webmail figures: 10,000-message INBOX first page {firstPageMs:0} ms ({firstBrowser}; server: {await ServerTimingAsync(first)}), next page {nextPageMs:0} ms ({nextBrowser}; server: {await ServerTimingAsync(next)}), search {searchMs:0} ms ({searchBrowser}; server: {await ServerTimingAsync(searched)})");
    }

    [Fact]
    public async Task A_message_moves_to_a_folder_is_deleted_to_the_trash_then_for_good_and_is_forwarded_whole()
    {
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: A classer\r\nMessage-ID: <classer@operateur-a.mssante.test>\r\n\r\nA classer.\r\n");
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: A transferer\r\nMessage-ID: <transferer@operateur-a.mssante.test>\r\n\r\nA transferer.\r\n");
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        await page.ClickAsync($"text={WebmailSpace.Per}");

        await page.ClickAsync("text=A classer");
        await page.SelectOptionAsync("select[name=target]", "Archive");
        await page.ClickAsync("button:has-text('Déplacer')");
        await page.WaitForSelectorAsync("text=Message déplacé.");
        (await page.Locator("table.messages tbody tr td a").AllInnerTextsAsync()).ShouldBe(["A transferer"]);
        await page.ClickAsync("nav.folders >> text=Archives");
        await page.ClickAsync("text=A classer");
        await page.ClickAsync("button:has-text('Supprimer')");
        await page.WaitForSelectorAsync("text=Message mis à la corbeille.");
        await page.ClickAsync("nav.folders >> text=Corbeille");
        await page.ClickAsync("text=A classer");
        await page.ClickAsync("button:has-text('Supprimer')");
        await page.WaitForSelectorAsync("text=Message supprimé.");
        (await page.InnerTextAsync("main")).ShouldContain("Dossier vide.");

        await page.ClickAsync("nav.folders >> text=Boîte de réception");
        await page.ClickAsync("text=A transferer");
        await page.ClickAsync("text=Transférer");
        (await page.InputValueAsync("input[name=subject]")).ShouldBe("Fwd: A transferer");
        await page.FillAsync("input[name=to]", WebmailSpace.Org);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("text=Message envoyé.");

        var forwarded = (await _space.InboxAsync(WebmailSpace.Org)).ShouldHaveSingleItem();
        forwarded.Subject.ShouldBe("Fwd: A transferer");
        var attached = forwarded.Attachments.OfType<MimeKit.MessagePart>().ShouldHaveSingleItem();
        attached.Message!.MessageId.ShouldBe("transferer@operateur-a.mssante.test");
        forwarded.InReplyTo.ShouldBeNull();

        // The ORG BAL's authorised user reads the forward there and downloads the forwarded message as a file.
        await page.ClickAsync("header a");
        await page.ClickAsync($"text={WebmailSpace.Org}");
        await page.ClickAsync("text=Fwd: A transferer");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("ul.attachments a"));
        download.SuggestedFilename.ShouldBe("message-1.eml");
        (await File.ReadAllTextAsync((await download.PathAsync())!)).ShouldContain("Message-ID: <transferer@operateur-a.mssante.test>");
    }

    [Fact]
    public async Task An_english_browser_gets_english_pages_and_the_switch_changes_the_language()
    {
        await using var context = await _chromium.ContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
        (await page.TitleAsync()).ShouldStartWith("Your BALs");
        await page.ClickAsync($"text={WebmailSpace.Per}");
        await page.WaitForSelectorAsync("nav.folders");
        (await page.Locator("nav.folders a").First.InnerTextAsync()).ShouldBe("Inbox");

        await page.ClickAsync("a.lang");
        await page.WaitForSelectorAsync("html[lang=fr]");

        (await page.Locator("nav.folders a").First.InnerTextAsync()).ShouldBe("Boîte de réception");
        page.Url.ShouldContain("/bal/", customMessage: "the switch comes back to the same page");
    }

    [Fact]
    public async Task Pages_forbid_scripts_and_framing()
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(_space.Webmail, "/signed-out"));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "the signed-out page is a page, not PSC's callback");

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' " + _space.Psc.Issuer.GetLeftPart(UriPartial.Authority) + ";");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        using var anonymous = await http.GetAsync(_space.Webmail);
        anonymous.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, "an anonymous visitor goes to PSC");
        anonymous.Headers.Location!.ToString().ShouldStartWith(_space.Psc.Issuer.GetLeftPart(UriPartial.Authority));
        anonymous.Headers.Location!.Query.ShouldContain("code_challenge_method=S256");
    }
}

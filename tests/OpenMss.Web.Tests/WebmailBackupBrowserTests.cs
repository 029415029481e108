using Microsoft.Playwright;

namespace OpenMss.Web.Tests;

/// <summary>
/// The webmail's backup way in when PSC is down, in Chromium: a TOTP code, a security key (Chromium's virtual
/// authenticator), and the bound on one address's attempts.
/// </summary>
public sealed class WebmailBackupBrowserTests : IAsyncLifetime
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

    /// <summary>A backup session offers the same BALs as PSC would, and reads a message through the fronts.</summary>
    private static async Task ReadsAsBackupAsync(IPage page, string subject, string text)
    {
        await page.WaitForSelectorAsync("ul.bals");
        (await page.Locator("ul.bals a").AllInnerTextsAsync()).ShouldBe([WebmailSpace.Per, WebmailSpace.Org], ignoreOrder: true, "the same BALs as with PSC");
        await page.ClickAsync($"text={WebmailSpace.Per}");
        await page.ClickAsync($"text={subject}");
        (await page.InnerTextAsync("pre.body")).ShouldContain(text);
    }

    [Fact]
    public async Task With_psc_down_an_enrolled_professional_logs_in_with_a_code_and_reads_mail_and_another_is_refused_clearly()
    {
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: Pendant la panne\r\n\r\nLu sans PSC.\r\n");
        string secret;
        await using (var enrolling = await ContextAsync())
        {
            var page = await enrolling.NewPageAsync();
            await WebmailLogin.LogInAsync(page, _space.Webmail, WebmailSpace.Holder);
            await page.ClickAsync("a[href='/otp']");
            await page.ClickAsync("button:has-text('Enrôler un authentificateur')");
            secret = await page.InnerTextAsync("code.otp-secret");
            (await page.Locator("svg.qr[role=img]").IsVisibleAsync()).ShouldBeTrue("the otpauth URI as a QR code to scan");
            await ScreenshotAsync(page, "webmail-otp-enrolled");

            // While PSC answers, the single-factor way in stays closed (the operator's default policy).
            (await page.GotoAsync(new Uri(_space.Webmail, "/backup-login").ToString()))!.Status.ShouldBe(403);
        }

        await _space.Psc.Client.SetFailureAsync(OpenMss.Psc.Sandbox.FailureMode.Down);
        await using var context = await ContextAsync();
        var down = await context.NewPageAsync();
        await down.GotoAsync(_space.Webmail.ToString());
        await down.WaitForSelectorAsync("input[name=code]");
        (await down.TitleAsync()).ShouldStartWith("Connexion de secours", customMessage: "PSC is down: the backup login, not a PSC error");
        await ScreenshotAsync(down, "webmail-backup-login");

        // Dr MARTIN enrolled nothing: a clear refusal.
        await down.FillAsync("input[name=idnat]", "810002345678");
        await down.FillAsync("input[name=code]", "123456");
        var refused = await down.RunAndWaitForResponseAsync(() => down.ClickAsync("button:has-text('Se connecter')"), r => r.Url.EndsWith("/backup-login", StringComparison.Ordinal));
        refused.Status.ShouldBe(401);
        (await down.InnerTextAsync("p.problem")).ShouldStartWith("Aucun authentificateur de secours n'est enrôlé pour cet IdNat");

        await down.FillAsync("input[name=idnat]", WebmailSpace.Holder);
        await down.FillAsync("input[name=code]", Operator.Backup.Totp.Code(Operator.Backup.Totp.FromBase32(secret), Operator.Backup.Totp.StepAt(DateTimeOffset.UtcNow)));
        await down.ClickAsync("button:has-text('Se connecter')");
        await ReadsAsBackupAsync(down, "Pendant la panne", "Lu sans PSC.");
        var audit = (await _space.Store.Audit.ListAsync(WebmailSpace.Per, 5, default)).Select(r => r.Event).ToList();
        audit.ShouldContain(e => e.Category == "authentication" && e.Outcome == "success" && e.Reason == "backup credential (one-time password) of an allowed professional");
    }

    [Fact]
    public async Task A_professional_enrols_a_security_key_under_psc_and_with_psc_down_logs_in_with_it()
    {
        await _space.DeliverAsync(WebmailSpace.Per, $"From: {WebmailSpace.Org}\r\nTo: {WebmailSpace.Per}\r\nSubject: Lu avec la clé\r\n\r\nClé.\r\n");
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        // Chromium's virtual authenticator (DevTools protocol): a USB security key that says yes.
        var devtools = await context.NewCDPSessionAsync(page);
        await devtools.SendAsync("WebAuthn.enable");
        await devtools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "usb", ["hasResidentKey"] = false, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await WebmailLogin.LogInAsync(page, _space.WebmailByName, WebmailSpace.Holder);
        await page.ClickAsync("a[href='/otp']");
        await page.ClickAsync("text=Enrôler une clé de sécurité");
        await page.ClickAsync("button:has-text('Enrôler cette clé')");
        await page.WaitForSelectorAsync("h1:has-text('Clé de sécurité enrôlée')");
        await ScreenshotAsync(page, "webmail-security-key-enrolled");
        await page.GotoAsync(new Uri(_space.WebmailByName, "/otp").ToString());
        (await page.InnerTextAsync("p.keys")).ShouldBe("Clés enrôlées : 1.");
        (await _space.Store.SecurityKeys.ListAsync(WebmailSpace.Holder, default)).Count.ShouldBe(1);

        await _space.Psc.Client.SetFailureAsync(OpenMss.Psc.Sandbox.FailureMode.Down);
        await context.ClearCookiesAsync();
        await page.GotoAsync(_space.WebmailByName.ToString());
        await page.FillAsync("form.key-login input[name=idnat]", "810002345678");
        await page.ClickAsync("text=Continuer avec ma clé");
        (await page.InnerTextAsync("p.problem")).ShouldStartWith("Aucun authentificateur de secours n'est enrôlé", customMessage: "Dr MARTIN enrolled no key");

        await page.FillAsync("form.key-login input[name=idnat]", WebmailSpace.Holder);
        await page.ClickAsync("text=Continuer avec ma clé");
        await page.ClickAsync("button:has-text('Utiliser ma clé')");
        await ReadsAsBackupAsync(page, "Lu avec la clé", "Clé.");
        var audit = (await _space.Store.Audit.ListAsync(null, 20, default)).Select(r => r.Event).Where(e => e.Category == "backup").ToList();
        audit.ShouldContain(e => e.Action == "key.enrol" && e.Outcome == "success" && e.Actor == WebmailSpace.Holder);
        audit.ShouldContain(e => e.Action == "key.login" && e.Outcome == "success" && e.Mechanism == "webauthn");
    }

    [Fact]
    public async Task With_psc_down_one_address_gets_a_bounded_number_of_backup_login_posts_a_minute()
    {
        await _space.Psc.Client.SetFailureAsync(OpenMss.Psc.Sandbox.FailureMode.Down);
        await using var context = await ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_space.Webmail, "/backup-login").ToString());
        var csrf = await page.GetAttributeAsync("input[name=csrf]", "value");
        var login = new Uri(_space.Webmail, "/backup-login").ToString();

        // Each post names another unknown IdNat: the operator's throttle per IdNat never trips, the one per address does.
        var statuses = new List<int>();
        for (var i = 0; i <= Pages.BackupRoutes.PostsPerAddressAndMinute; i++)
        {
            var form = context.APIRequest.CreateFormData();
            form.Set("csrf", csrf!);
            form.Set("idnat", $"8100099{i:D5}");
            form.Set("code", "123456");
            statuses.Add((await context.APIRequest.PostAsync(login, new APIRequestContextOptions { Form = form })).Status);
        }

        statuses.Take(Pages.BackupRoutes.PostsPerAddressAndMinute).ShouldAllBe(s => s == 401);
        statuses[^1].ShouldBe(429);
        var refused = await context.APIRequest.PostAsync(login, new APIRequestContextOptions { Form = context.APIRequest.CreateFormData() });
        (await refused.TextAsync()).ShouldContain("Trop de tentatives depuis votre adresse");
    }
}

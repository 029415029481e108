using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Bench;

/// <summary>The SDK and bare MailKit on the same kind of session (PSC front, XOAUTH2, sessions kept open), alternating, so the ratio comes from one run.</summary>
internal static class Overhead
{
    public static async Task<object> MeasureAsync(SandboxProcess sandbox, string token, int rounds)
    {
        var options = Options(sandbox);
        using var client = new MssClient(options);
        await using var sdk = client.OpenPsc(SandboxProcess.Per, BalType.Per, PscTokenSource.Create((_, _) => Task.FromResult(new PscAccessToken(token, DateTimeOffset.UtcNow.AddMinutes(2)))));
        var endpoints = await client.Autoconfiguration.ResolveAsync(SandboxProcess.Per, BalType.Per);
        using var smtp = new SmtpClient();
        using var imap = new ImapClient();
        await ConnectAsync(smtp, endpoints.Submission[0], sandbox, token);
        await ConnectAsync(imap, endpoints.Imap[0], sandbox, token);
        await imap.Inbox.OpenAsync(FolderAccess.ReadWrite);

        var body = new string('x', 20 * 1024 - 400);
        MimeMessage Message() => new() { From = { MailboxAddress.Parse(SandboxProcess.Per) }, To = { MailboxAddress.Parse(SandboxProcess.Per) }, Subject = "bench", Body = new TextPart("plain") { Text = body } };

        // Warm both paths (JIT, TLS, caches), and put one 20 KB message in the INBOX to fetch.
        for (var i = 0; i < 20; i++)
        {
            await sdk.SendAsync(Message());
            var bare = Message();
            bare.Headers.Add("X-MSS-NIL", "BENCH");
            await smtp.SendAsync(bare);
        }

        var uid = (await sdk.ListNewAsync()).Messages[^1].Uid;
        await imap.NoOpAsync(); // the bare session hears of the new messages too
        var times = new Dictionary<string, List<double>> { ["sdk-send"] = [], ["bare-send"] = [], ["sdk-fetch"] = [], ["bare-fetch"] = [] };
        var operations = new (string Name, Func<Task> Run)[]
        {
            ("sdk-send", () => sdk.SendAsync(Message())),
            ("bare-send", async () =>
            {
                // What an application on bare MailKit does for the same message: the NIL header, then send.
                var message = Message();
                message.Headers.Add("X-MSS-NIL", "BENCH");
                await smtp.SendAsync(message);
            }),
            ("sdk-fetch", () => sdk.GetMessageAsync(uid)),
            ("bare-fetch", () => imap.Inbox.GetMessageAsync(new UniqueId(uid))),
        };
        var random = new Random(2026);
        for (var i = 0; i < rounds; i++)
        {
            // A new order each round, so that neither side always follows a send (fsync, page cache) or the other.
            foreach (var (name, run) in operations.OrderBy(_ => random.Next()))
            {
                times[name].Add(await TimeAsync(run));
            }
        }

        await smtp.DisconnectAsync(true);
        await imap.DisconnectAsync(true);
        var median = times.ToDictionary(t => t.Key, t => Stats.Median(t.Value));
        return new
        {
            rounds,
            messageBytes = 20 * 1024,
            medianMs = median,
            p90Ms = times.ToDictionary(t => t.Key, t => Stats.Percentile(t.Value, 0.9)),
            sendRatio = median["sdk-send"] / median["bare-send"],
            fetchRatio = median["sdk-fetch"] / median["bare-fetch"],
        };
    }

    private static async Task ConnectAsync(MailService client, ServiceEndpoint endpoint, SandboxProcess sandbox, string token)
    {
        var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(sandbox.Ca);
        // What a careful application on bare MailKit writes: the CA alone as trust anchor, names checked (no CRL).
        client.ServerCertificateValidationCallback = (_, certificate, presented, errors) =>
        {
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.ExtraStore.AddRange(presented!.ChainPolicy.ExtraStore);
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && chain.Build((System.Security.Cryptography.X509Certificates.X509Certificate2)certificate!);
        };
        client.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        var address = (await new MssAutoconfiguration(sandbox.Dns).AddressesAsync(endpoint.Host))[0];
        var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address, endpoint.Port);
        await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(new SaslMechanismOAuth2(SandboxProcess.Per, token));
    }

    internal static MssClientOptions Options(SandboxProcess sandbox)
    {
        var options = new MssClientOptions { Nil = "BENCH", DnsServer = sandbox.Dns };
        options.Trust.AddRootsFromPem(sandbox.Ca);
        return options;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }
}

/// <summary>How long an operation takes when it meets BYE [EXPIRED] and reopens with the cached token, against the same operation on an open session.</summary>
internal static class Reopen
{
    public static async Task<object> MeasureAsync(SandboxProcess sandbox, string token, int samples)
    {
        using var client = new MssClient(Overhead.Options(sandbox));
        var fetches = 0;
        await using var bal = client.OpenPsc(SandboxProcess.Per, BalType.Per, PscTokenSource.Create((_, _) =>
        {
            fetches++;
            return Task.FromResult(new PscAccessToken(token, DateTimeOffset.UtcNow.AddMinutes(2)));
        }));
        await bal.ListNewAsync();
        var plain = new List<double>();
        var reopening = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            await Task.Delay(1200); // past the 1 s session lifetime: the next command gets BYE [EXPIRED]
            var before = bal.Reopenings;
            var watch = Stopwatch.StartNew();
            await bal.ListNewAsync();
            reopening.Add(watch.Elapsed.TotalMilliseconds);
            if (bal.Reopenings != before + 1)
            {
                throw new InvalidOperationException("the operation did not reopen the session");
            }

            watch.Restart();
            await bal.ListNewAsync();
            plain.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new
        {
            samples,
            tokenFetches = fetches,
            operationWithReopenMedianMs = Stats.Median(reopening),
            operationWithReopenP90Ms = Stats.Percentile(reopening, 0.9),
            sameOperationOpenMedianMs = Stats.Median(plain),
            reopenCostMedianMs = Stats.Median(reopening) - Stats.Median(plain),
        };
    }
}

/// <summary>Managed heap and process memory per open IMAP session: N BAL APP held open by one application, then the same with bare MailKit clients.</summary>
internal static class Memory
{
    /// <summary><paramref name="side"/>: "both" (bare MailKit, then the SDK, in this process), "sdk" or "bare" alone (a fresh process each, for RSS).</summary>
    public static async Task<object> MeasureAsync(SandboxProcess sandbox, int count, string side)
    {
        var credential = AuthCliCredential.FromPemFiles(sandbox.AppCertificate, sandbox.AppKey);
        using var client = new MssClient(Overhead.Options(sandbox));
        await client.Autoconfiguration.ResolveAsync(Seeding.Address(0), BalType.App); // warm the shared caches
        // Bare MailKit first, then the SDK: the native memory the first run frees stays with the process and the
        // second reuses it, which favours whichever runs second; here that is the SDK (see PERFORMANCE.md).
        var (bareHeap, bareRss) = side == "sdk" ? (0L, 0L) : await BareAsync(sandbox, credential, count);
        if (side == "bare")
        {
            return new { sessions = count, side, bareMailKitHeapBytesPerSession = bareHeap, bareMailKitRssBytesPerSession = bareRss };
        }

        var (heap0, rss0) = Sample();
        var mailboxes = new List<MssMailbox>();
        for (var i = 0; i < count; i++)
        {
            var bal = client.OpenApp(Seeding.Address(i), credential);
            await bal.ListNewAsync();
            mailboxes.Add(bal);
        }

        var (heap1, rss1) = Sample();
        if (mailboxes.Any(m => !m.ImapIsOpen))
        {
            throw new InvalidOperationException("a session closed during the measure");
        }

        foreach (var bal in mailboxes)
        {
            await bal.DisposeAsync();
        }

        mailboxes.Clear();
        return new
        {
            sessions = count,
            side,
            sdkHeapBytesPerSession = (heap1 - heap0) / count,
            sdkRssBytesPerSession = (rss1 - rss0) / count,
            bareMailKitHeapBytesPerSession = bareHeap,
            bareMailKitRssBytesPerSession = bareRss,
        };
    }

    /// <summary>The same sessions held by bare MailKit clients (certificate, PLAIN, INBOX selected), for comparison.</summary>
    private static async Task<(long Heap, long Rss)> BareAsync(SandboxProcess sandbox, AuthCliCredential credential, int count)
    {
        var dns = new MssAutoconfiguration(sandbox.Dns);
        var endpoint = (await dns.ResolveAsync(Seeding.Address(0), BalType.App)).Imap[0];
        var address = (await dns.AddressesAsync(endpoint.Host))[0];
        var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(sandbox.Ca);
        var (heap0, rss0) = Sample();
        var clients = new List<ImapClient>();
        for (var i = 0; i < count; i++)
        {
            var client = new ChainSendingImapClient(credential) { CheckCertificateRevocation = false };
            client.ServerCertificateValidationCallback = (_, _, _, errors) => (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(address, endpoint.Port);
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync(new SaslMechanismPlain(Seeding.Address(i), string.Empty));
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
            clients.Add(client);
        }

        var (heap1, rss1) = Sample();
        GC.KeepAlive(ca);
        foreach (var client in clients)
        {
            await client.DisconnectAsync(true);
            client.Dispose();
        }

        return ((heap1 - heap0) / count, (rss1 - rss0) / count);
    }

    private static (long Heap, long Rss) Sample()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}

/// <summary>Bare MailKit as an application must extend it to send its AUTH_CLI certificate with the intermediate.</summary>
internal sealed class ChainSendingImapClient(AuthCliCredential credential) : ImapClient
{
    protected override System.Net.Security.SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, System.Net.Security.RemoteCertificateValidationCallback remoteCertificateValidationCallback)
    {
        var options = base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback);
        options.ClientCertificateContext = System.Net.Security.SslStreamCertificateContext.Create(credential.Certificate, credential.Intermediates, offline: true);
        return options;
    }
}

internal static class Stats
{
    public static double Median(List<double> values) => Percentile(values, 0.5);

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return Math.Round(sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))], 3);
    }
}

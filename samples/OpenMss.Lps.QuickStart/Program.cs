using MimeKit;
using OpenMss.Lps;

static string? env(string name) => Environment.GetEnvironmentVariable(name);
var options = new MssClientOptions { Nil = "DEV935997" };                 // your product's NIL (Convergence)
options.Trust.AddRootsFromPem(env("MSS_ROOTS")!);                          // IGC Santé roots; the sandbox's pki/ca.pem
if (env("MSS_DNS") is { } dns) options.DnsServer = System.Net.IPEndPoint.Parse(dns); // the sandbox's DNS; omit in production
using var client = new MssClient(options);

// BAL PER/ORG: PSC access tokens come from your intermediate server (here a command that prints one).
var tokens = PscTokenSource.Create(async (refresh, ct) =>
    PscAccessToken.FromJwt(await Shell.OutputAsync(env("MSS_TOKEN_COMMAND")!, ct), DateTimeOffset.UtcNow.AddMinutes(2)));
await using var doctor = client.OpenPsc("jean.dupont@operateur-a.mssante.test", BalType.Per, tokens);
// BAL APP: the structure's ORG AUTH_CLI certificate.
await using var dpi = client.OpenApp("dpi@operateur-a.mssante.test", AuthCliCredential.FromPemFiles(env("MSS_APP_CERT")!, env("MSS_APP_KEY")!));

var cursor = MssCursor.Start;                                              // keep it between runs
for (var round = 1; round <= int.Parse(env("MSS_ROUNDS") ?? "1", System.Globalization.CultureInfo.InvariantCulture); round++)
{
    var message = new MimeMessage { Subject = $"Compte rendu {round}", Body = new TextPart("plain") { Text = "Bonjour." } };
    message.To.Add(MailboxAddress.Parse("dpi@operateur-a.mssante.test"));
    await doctor.SendAsync(message);                                       // From, X-MSS-NIL, Date, Message-ID added
    while (!(await dpi.ListNewAsync(cursor)).Messages.Any()) await dpi.WaitForNewMailAsync(TimeSpan.FromSeconds(30));
    var news = await dpi.ListNewAsync(cursor);
    foreach (var summary in news.Messages)
    {
        var received = await dpi.GetMessageAsync(summary.Uid);                // a MimeKit message
        Console.WriteLine($"{summary.Uid} {received.Subject} from {summary.From}");
        await dpi.MarkProcessedAsync(summary.Uid, delete: true);              // a BAL is no archive
    }

    cursor = news.Next;
    await Task.Delay(TimeSpan.FromSeconds(int.Parse(env("MSS_PAUSE") ?? "0", System.Globalization.CultureInfo.InvariantCulture)));
}

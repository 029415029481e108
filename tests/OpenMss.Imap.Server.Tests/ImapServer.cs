using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Net;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// An IMAP listener on a free loopback port over a real SQLite store, with a stand-in authenticator: token "good"
/// opens the BAL named, "other" is a professional not allowed, "down" means PSC unreachable. Quotas are the store's
/// usage against the limits a test sets (none by default), as the operator's policy would give them.
/// </summary>
public enum Backend
{
    Sqlite,
    Postgres,
}

internal sealed class ImapServer : IAsyncDisposable, IFrontAuthenticator, IQuotaPolicy
{
    public const string Domain = "op.test";
    public const string Bal = $"jean.dupont@{Domain}";
    private readonly TempDirectory _directory;
    private readonly TestPostgres? _database;
    private readonly CancellationTokenSource _stopping = new();

    private LoopbackConnectionHost _host = null!;

    private ImapServer(TempDirectory directory, TestPostgres? database, IMailStore store)
    {
        _directory = directory;
        _database = database;
        Store = store;
    }

    private readonly List<(InMemoryConnection Connection, Task Session)> _inMemory = [];

    public IMailStore Store { get; }

    /// <summary>Where the embedded store keeps its database and blobs.</summary>
    public string DataDirectory => _directory.Path;

    public int Port => _host.Port;

    public ImapFront Front { get; private set; } = null!;

    /// <summary>The BAL's quota limits (octets, messages); 0 is none.</summary>
    public (long Storage, long Messages) QuotaLimits { get; set; }

    public async Task<QuotaState> GetAsync(long balId, CancellationToken cancellationToken)
    {
        var usage = await Store.Mailboxes.GetUsageAsync(balId, cancellationToken);
        return new QuotaState(usage.Bytes, QuotaLimits.Storage, usage.Messages, QuotaLimits.Messages);
    }

    /// <param name="mailboxes">What the front sees of the store (a test may watch its reads), the store itself by default.</param>
    public static async Task<ImapServer> StartAsync(FrontKind kind = FrontKind.Psc, Func<ImapSessionLimits, ImapSessionLimits>? limits = null, ILogger? logger = null, Backend backend = Backend.Sqlite, TimeProvider? clock = null, Func<IMailboxStore, IMailboxStore>? mailboxes = null)
    {
        var directory = new TempDirectory();
        var database = backend == Backend.Postgres ? await TestPostgres.CreateAsync() : null;
        IMailStore store = database is null
            ? await SqliteMailStore.OpenAsync(directory.Path, default)
            : await OpenMss.Storage.Postgres.PostgresMailStore.OpenAsync(database.ConnectionString, default);
        var now = DateTimeOffset.UtcNow;
        await store.Directory.AddDomainAsync(Domain, now, default);
        await store.Directory.AddBalAsync(new NewBal(Bal, BalType.Per, "810001234567", [], false, now),
            [new NewFolder("INBOX"), new NewFolder("Sent", SpecialUse.Sent), new NewFolder("Drafts", SpecialUse.Drafts), new NewFolder("Trash", SpecialUse.Trash), new NewFolder("Junk", SpecialUse.Junk), new NewFolder("Archive", SpecialUse.Archive)], default);
        var server = new ImapServer(directory, database, store);
        var (certificate, chain) = RunningSandbox.Pki.LoadServer();
        server.Front = new ImapFront(kind, "imap.op.test", new TlsPolicy(certificate, chain), limits?.Invoke(new ImapSessionLimits()) ?? new ImapSessionLimits(), server, mailboxes?.Invoke(store.Mailboxes) ?? store.Mailboxes, store.Changes, clock ?? TimeProvider.System, logger ?? NullLogger.Instance)
        {
            Stopping = server._stopping.Token,
            Quotas = server,
        };
        server._host = await LoopbackConnectionHost.StartAsync(context => ImapListener.RunAsync(server.Front, context));
        return server;
    }

    public Task<RawImapClient> ConnectAsync() => RawImapClient.ConnectAsync(Port);

    /// <summary>A client on an in-memory connection: the same session as over a socket, without one.</summary>
    public RawImapClient ConnectInMemory()
    {
        var connection = new InMemoryConnection($"memory-{_inMemory.Count}");
        _inMemory.Add((connection, connection.RunAsync(context => ImapListener.RunAsync(Front, context))));
        return new RawImapClient(connection.Client);
    }

    /// <summary>A client past STARTTLS and AUTHENTICATE XOAUTH2 as the test BAL (tags t1, t2 used).</summary>
    public async Task<RawImapClient> AuthenticatedAsync(bool inMemory = false)
    {
        var client = inMemory ? ConnectInMemory() : await ConnectAsync();
        await client.SecureAsync();
        var done = await client.CommandAsync($"AUTHENTICATE XOAUTH2 {Sasl.XOAuth2(Bal, "good")}");
        if (!done.Tagged.Contains(" OK ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(done.ToString());
        }

        return client;
    }

    public Task SignalStoppingAsync() => _stopping.CancelAsync();

    /// <summary>Puts a message in a folder of the test BAL, as delivery would.</summary>
    public async Task<uint> AppendAsync(string folder, byte[] message, MessageFlags flags = MessageFlags.None)
    {
        var bal = (await Store.Directory.FindBalAsync(Bal, default))!;
        var target = (await Store.Mailboxes.FindFolderAsync(bal.Id, folder, default))!;
        var result = await Store.Mailboxes.AppendAsync(target.Id, new MemoryStream(message), FlagSet.Create(flags), new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero), 1 << 20, default);
        return result.Uid;
    }

    public async Task<FrontIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, System.Net.IPAddress? remote, CancellationToken cancellationToken) => token switch
    {
        "good" => await OpenAsync(address),
        "other" => new FrontIdentity(FrontVerdict.NotAuthorized, null, "not the holder"),
        "down" => new FrontIdentity(FrontVerdict.Unavailable, null, "PSC down"),
        _ => new FrontIdentity(FrontVerdict.Failed, null, "bad token"),
    };

    public async Task<FrontIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        certificate is not null ? await OpenAsync(address) : new FrontIdentity(FrontVerdict.Failed, null, "no certificate");

    /// <summary>As the operator's authenticator: a BAL the store does not hold fails like a bad credential.</summary>
    private async Task<FrontIdentity> OpenAsync(string address) =>
        await Store.Directory.FindBalAsync(address.ToLowerInvariant(), default) is { } bal
            ? new FrontIdentity(FrontVerdict.Success, bal.Address, "ok", bal.Id)
            : new FrontIdentity(FrontVerdict.Failed, null, "no such BAL");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _host.DisposeAsync();
        foreach (var (connection, session) in _inMemory)
        {
            await connection.DisposeAsync();
            await session;
        }

        await Store.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _directory.Dispose();
        _stopping.Dispose();
    }
}

internal static class Sasl
{
    public static string XOAuth2(string user, string token) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"user={user}\u0001auth=Bearer {token}\u0001\u0001"));
}

using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Net;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

/// <summary>
/// A submission listener on a free loopback port, with stand-ins for the Operator: tokens "good" (the BAL's own),
/// "other" (someone not allowed), "down" (PSC unreachable); recipients @op.test are local (unknown*@ unknown, busy@
/// unreadable), @*.mssante.test remote, the rest outside the trust space.
/// </summary>
internal sealed class SubmissionServer : IAsyncDisposable, IFrontAuthenticator, ISubmissionPolicy
{
    public const string Bal = "jean.dupont@op.test";
    public const string AppBal = "dpi@op.test";
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(InMemoryConnection Connection, Task Session)> _inMemory = [];
    private LoopbackConnectionHost _host = null!;

    public int Port => _host.Port;

    public ConcurrentQueue<(SubmittedMessage Message, byte[] Content)> Delivered { get; } = new();

    public bool FailDelivery { get; set; }

    /// <summary>The From fields the session asked about, one list per message.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> AuthorsSeen { get; } = new();

    /// <summary>The stand-in rule: the From must name the sender's address.</summary>
    public string? AuthorProblem(string sender, IReadOnlyList<string> fromFields)
    {
        AuthorsSeen.Enqueue(fromFields);
        return fromFields.All(f => f.Contains(sender, StringComparison.Ordinal)) ? null : $"From {string.Join(", ", fromFields)} is not the BAL.";
    }

    public static async Task<SubmissionServer> StartAsync(FrontKind kind = FrontKind.Psc, Func<SubmissionLimits, SubmissionLimits>? limits = null, ILogger? logger = null, TimeProvider? clock = null)
    {
        var server = new SubmissionServer();
        var (certificate, chain) = RunningSandbox.Pki.LoadServer();
        server.Front = new SubmissionFront(kind, "mx.op.test", new TlsPolicy(certificate, chain), limits?.Invoke(new SubmissionLimits()) ?? new SubmissionLimits(), server, server, clock ?? TimeProvider.System, logger ?? NullLogger.Instance)
        {
            Stopping = server._stopping.Token,
        };
        server._host = await LoopbackConnectionHost.StartAsync(context => SubmissionListener.RunAsync(server.Front, context));
        return server;
    }

    public SubmissionFront Front { get; private set; } = null!;

    /// <summary>What the server does when the host begins to stop.</summary>
    public Task SignalStoppingAsync() => _stopping.CancelAsync();

    public Task<RawSmtpClient> ConnectAsync() => RawSmtpClient.ConnectAsync(Port);

    /// <summary>A client on an in-memory connection: the same session as over a socket, without one.</summary>
    public RawSmtpClient ConnectInMemory()
    {
        var connection = new InMemoryConnection($"memory-{_inMemory.Count}");
        _inMemory.Add((connection, connection.RunAsync(context => SubmissionListener.RunAsync(Front, context))));
        return new RawSmtpClient(connection.Client);
    }

    public Task<FrontIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, System.Net.IPAddress? remote, CancellationToken cancellationToken) =>
        Task.FromResult(token switch
        {
            "good" when address == Bal => new FrontIdentity(FrontVerdict.Success, Bal, "ok"),
            "other" => new FrontIdentity(FrontVerdict.NotAuthorized, null, "not the holder"),
            "down" => new FrontIdentity(FrontVerdict.Unavailable, null, "PSC down"),
            _ => new FrontIdentity(FrontVerdict.Failed, null, "bad token"),
        });

    public Task<FrontIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        Task.FromResult(certificate is not null && address == AppBal
            ? new FrontIdentity(FrontVerdict.Success, AppBal, "ok")
            : new FrontIdentity(FrontVerdict.Failed, null, certificate is null ? "no certificate" : "not this BAL"));

    public Task<RecipientDecision> CheckRecipientAsync(string address, CancellationToken cancellationToken)
    {
        var kind = address switch
        {
            _ when address.StartsWith("unknown", StringComparison.Ordinal) => RecipientKind.Unknown,
            _ when address.StartsWith("busy@", StringComparison.Ordinal) => RecipientKind.Unavailable,
            _ when address.EndsWith("@op.test", StringComparison.Ordinal) => RecipientKind.Local,
            _ when address.EndsWith(".mssante.test", StringComparison.Ordinal) => RecipientKind.Remote,
            _ => RecipientKind.OutsideTrustSpace,
        };
        return Task.FromResult(new RecipientDecision(kind, address));
    }

    public async Task DeliverAsync(SubmittedMessage message, CancellationToken cancellationToken)
    {
        if (FailDelivery)
        {
            throw new IOException("disk full");
        }

        await using var content = message.OpenContent();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Delivered.Enqueue((message, copy.ToArray()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _host.DisposeAsync();
        foreach (var (connection, session) in _inMemory)
        {
            await connection.DisposeAsync();
            await session;
        }

        _stopping.Dispose();
    }
}

namespace OpenMss.Load;

/// <summary>What the scenarios do alike with an IMAP or an SMTP session: authenticate, then end it politely.</summary>
internal interface ILoadClient : IAsyncDisposable
{
    /// <summary>The AUTH exchange alone, with the initial response ready (so a token command is never timed).</summary>
    Task AuthenticateAsync(string mechanism, string initialResponse, CancellationToken cancellationToken);

    /// <summary>LOGOUT or QUIT.</summary>
    Task EndAsync(CancellationToken cancellationToken);
}

internal static class LoadClientExtensions
{
    public static async Task AuthenticateAsync(this ILoadClient client, Credentials credentials, CancellationToken cancellationToken) =>
        await client.AuthenticateAsync(credentials.Mechanism, await credentials.InitialResponseAsync(cancellationToken), cancellationToken);
}

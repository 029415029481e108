namespace OpenMss.Lps;

/// <summary>
/// Where a professional's PSC access tokens come from: the application implements <see cref="FetchAsync"/> (usually
/// a call to the editor's intermediate server). One source stands for one professional's PSC session and may serve
/// several BALs (theirs and the ORG BALs they may open). The SDK keeps the current token in memory until shortly
/// before it expires and asks for a fresh one when the operator refuses it.
/// When the PSC session ends (logout, refresh token refused: ECO.1.2.6), <see cref="FetchAsync"/> throws
/// <see cref="MssPscSessionEndedException"/> or the application calls <see cref="EndSession"/>; the SDK then closes
/// every IMAP and SMTP session opened with this source and later calls fail with that exception.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never asked for holds nothing to dispose.")]
public abstract class PscTokenSource
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private PscAccessToken? _current;
    private volatile bool _ended;

    /// <summary>Raised once, when the PSC session ends.</summary>
    public event EventHandler? SessionEnded;

    /// <summary>True once the PSC session has ended.</summary>
    public bool IsEnded => _ended;

    /// <summary>How long before its expiry a token is no longer handed out (a session opening needs time).</summary>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock against which expiry is read.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>A source from a delegate: <c>refresh</c> is true when the operator refused the previous token.</summary>
    public static PscTokenSource Create(Func<bool, CancellationToken, Task<PscAccessToken>> fetch) => new DelegateTokenSource(fetch);

    /// <summary>Ends the PSC session: closes every session opened with this source, and later calls fail.</summary>
    public void EndSession()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _current = null;
        SessionEnded?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Obtains an access token. <paramref name="refresh"/> is true when the operator refused the previous one.</summary>
    /// <exception cref="MssPscSessionEndedException">The PSC session has ended.</exception>
    protected abstract Task<PscAccessToken> FetchAsync(bool refresh, CancellationToken cancellationToken);

    /// <summary>
    /// The current token, fetched when there is none, it is about to expire, or it is <paramref name="refused"/> (the
    /// operator refused that one): several sessions refused the same token share one refresh.
    /// </summary>
    internal async Task<PscAccessToken> GetAsync(PscAccessToken? refused, CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfEnded();

            // Several BALs of one professional share the source: one refresh serves all who asked for it.
            var current = _current;
            if (current is not null && current.ExpiresAt - ExpiryMargin > Time.GetUtcNow() && !ReferenceEquals(current, refused))
            {
                return current;
            }

            _current = null;
            PscAccessToken fresh;
            try
            {
                fresh = await FetchAsync(refused is not null, cancellationToken).ConfigureAwait(false);
            }
            catch (MssPscSessionEndedException)
            {
                EndSession();
                throw;
            }

            _current = fresh;
            return fresh;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new MssPscSessionEndedException();
        }
    }

    private sealed class DelegateTokenSource(Func<bool, CancellationToken, Task<PscAccessToken>> fetch) : PscTokenSource
    {
        protected override Task<PscAccessToken> FetchAsync(bool refresh, CancellationToken cancellationToken) => fetch(refresh, cancellationToken);
    }
}

namespace OpenMss.Imap.Server;

/// <summary>
/// The session's state (RFC 3501 §3) as a type: a BAL exists only once authenticated, a selected mailbox only in the
/// selected state, so a handler is given what its state holds instead of checking nullable fields.
/// </summary>
internal abstract record ImapState
{
    public static readonly ImapState NotAuthenticated = new NotAuthenticatedState();

    private sealed record NotAuthenticatedState : ImapState;
}

/// <summary>Authenticated on a BAL until <paramref name="Until"/> (spec §13 #2: then the client reconnects with a fresh token).</summary>
internal record AuthenticatedState(long BalId, DateTimeOffset Until) : ImapState;

/// <summary>A mailbox selected: still authenticated on the same BAL.</summary>
internal sealed record SelectedState(long BalId, DateTimeOffset Until, SelectedMailbox Mailbox) : AuthenticatedState(BalId, Until);

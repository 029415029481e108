using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Server;

/// <summary>A refusal: the status (BAD or NO), an RFC 5530 code and one sentence.</summary>
internal sealed record GateRefusal(ImapStatus Status, ResponseCode? Code, string Text);

/// <summary>
/// The one place that says which command is legal in which state (RFC 3501 §3, §6): nothing past authentication
/// before it, no AUTHENTICATE in clear text (NO [PRIVACYREQUIRED]), nothing on messages without a selected mailbox.
/// </summary>
internal static class CommandGate
{
    public static GateRefusal? Refusal(ImapCommand command, ImapState state, bool tls) => command switch
    {
        SimpleCommand { Verb: SimpleVerb.Capability or SimpleVerb.Noop or SimpleVerb.Logout } or IdCommand => null,
        SimpleCommand { Verb: SimpleVerb.StartTls } => tls ? new GateRefusal(ImapStatus.Bad, null, "TLS is already on.")
            : state is AuthenticatedState ? new GateRefusal(ImapStatus.Bad, null, "Already authenticated.")
            : null,
        AuthenticateCommand or LoginCommand => state is AuthenticatedState ? new GateRefusal(ImapStatus.Bad, null, "Already authenticated.")
            : !tls ? new GateRefusal(ImapStatus.No, ResponseCode.PrivacyRequired, "Issue STARTTLS first.")
            : null,
        _ when state is not AuthenticatedState => new GateRefusal(ImapStatus.Bad, null, "Authenticate first."),
        SimpleCommand { Verb: SimpleVerb.Check or SimpleVerb.Close or SimpleVerb.Unselect or SimpleVerb.Expunge } or FetchCommand or StoreCommand or SearchCommand or SortCommand or CopyCommand or UidExpungeCommand
            when state is not SelectedState => new GateRefusal(ImapStatus.Bad, null, "No mailbox selected."),
        _ => null,
    };
}

using OpenMss.Imap.Protocol.Responses;
using OpenMss.Net;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>What a command handler may use of its session: the front, the connection, the state, and the writer.</summary>
internal interface IImapContext
{
    ImapFront Front { get; }

    MailConnection Connection { get; }

    ImapState State { get; }

    /// <summary>The redacted C:/S: transcript, when the front's logger writes Trace events.</summary>
    SessionTranscript? Transcript { get; }

    bool Closing { get; }

    /// <summary>The extensions the client turned on (CONDSTORE, QRESYNC).</summary>
    EnabledExtensions Enabled { get; }

    /// <summary>While IDLE reads DONE, responses are flushed as soon as they are written.</summary>
    bool Idling { set; }

    /// <summary>Opens the session on a BAL until the end of its lifetime (spec §13 #2).</summary>
    void Authenticated(long balId);

    /// <summary>Enters the selected state (leaving any mailbox selected before).</summary>
    void Select(SelectedMailbox mailbox);

    /// <summary>Back to the authenticated state; the mailbox's view is released.</summary>
    void Unselect();

    /// <summary>Back to the not-authenticated state (RFC 8437); the mailbox's view is released.</summary>
    void Unauthenticate();

    /// <returns>True when this failure is one too many: the session ends.</returns>
    bool AuthenticationFailed();

    /// <summary>The session ends after this command.</summary>
    void Close();

    string Capabilities();

    Task WriteAsync(string text, bool flush = false);

    Task RespondAsync(StatusResponse response, bool flush = false);

    Task OkAsync(string tag, string text, ResponseCode? code = null, string? arguments = null, bool flush = false);

    Task TaggedAsync(string tag, ImapStatus status, ResponseCode? code, string text, string? arguments = null);

    /// <summary>BAD, counted: too many end the session.</summary>
    Task BadAsync(string tag, ResponseCode? code, string text);

    Task ByeAsync(string text, ResponseCode? code = null);

    /// <summary>Announces what changed in the selected mailbox since the session last looked.</summary>
    Task SyncAsync(bool allowExpunge);

    /// <summary>One line after a continuation ("+ "): a SASL response, or IDLE's DONE; bounded in length and time.</summary>
    Task<string?> ReadSaslLineAsync(TimeSpan? timeout = null);

    /// <summary>A folder of the authenticated BAL.</summary>
    Task<Folder?> FolderAsync(string name);
}

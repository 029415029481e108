namespace OpenMss.Imap.Server;

/// <summary>
/// What the client turned on for its session, which changes the form of responses from then on: CONDSTORE (RFC 7162
/// §3.1: MODSEQ in every FETCH of a flag change; turned on by ENABLE or by any command that uses a modseq) and
/// QRESYNC (§3.2: also UIDs in those FETCHes, VANISHED instead of EXPUNGE, [CLOSED] when SELECT leaves a mailbox).
/// </summary>
internal sealed class EnabledExtensions
{
    public bool CondStore { get; private set; }

    public bool Qresync { get; private set; }

    public void EnableCondStore() => CondStore = true;

    /// <summary>QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).</summary>
    public void EnableQresync() => CondStore = Qresync = true;
}

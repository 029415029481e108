namespace OpenMss.Imap.Server;

/// <summary>
/// What the client turned on for its session, which changes the form of responses from then on: CONDSTORE (RFC 7162
/// §3.1: MODSEQ in every FETCH of a flag change; turned on by ENABLE or by any command that uses a modseq) and
/// QRESYNC (§3.2: also UIDs in those FETCHes, VANISHED instead of EXPUNGE, [CLOSED] when SELECT leaves a mailbox),
/// IMAP4rev2 (RFC 9051 Appendix E: no \Recent, ESEARCH for every SEARCH, a LIST line in SELECT, UTF-8 names).
/// </summary>
internal sealed class EnabledExtensions
{
    public bool CondStore { get; private set; }

    public bool Qresync { get; private set; }

    /// <summary>RFC 9051 semantics, turned on by ENABLE IMAP4rev2 (§6.3.1).</summary>
    public bool Rev2 { get; private set; }

    public void EnableCondStore() => CondStore = true;

    public void EnableRev2() => Rev2 = true;

    /// <summary>QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).</summary>
    public void EnableQresync() => CondStore = Qresync = true;
}

using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Lps;

/// <summary>Cases on how the LPS lives with the operator's answers: refused and unavailable authentication, sessions ended, a BAL that fails.</summary>
public static class SessionCases
{
    /// <summary>Attempts further apart than this belong to another try of the step.</summary>
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(30);

    public static JudgedCase<LpsObservations> AuthenticationFailed(LpsProfile profile) => new(
        new(CaseIds.AuthenticationFailed, profile == LpsProfile.PerOrg ? "[AUTHENTICATIONFAILED]: one retry with a fresh token, no loop" : "[AUTHENTICATIONFAILED]: no loop",
            ["RFC 5530", "RFC 4954", "ECO.1.2.1"], Severity.Critical, CaseKind.Observed,
            "Fetch through the front that refuses every authentication: the LPS may try again once (PER/ORG: with a new token), then must stop."),
        (c, o) =>
        {
            var attempts = FirstBurst(o.Attempts(ListenerNames.RefusesAuthentication));
            if (attempts.Count == 0)
            {
                return CaseResult.NotRun(c, "No authentication on the front that refuses them.");
            }

            var evidence = attempts.Take(5).Select(p => Evidences.Attempt(p.Session, p.Attempt)).ToArray();
            if (attempts.Count > 2)
            {
                return CaseResult.Failed(c, $"{attempts.Count} attempts after AUTHENTICATIONFAILED: the LPS loops.", evidence);
            }

            if (profile == LpsProfile.App)
            {
                return CaseResult.Passed(c, $"{attempts.Count} attempt(s), then the LPS stopped.", evidence);
            }

            if (attempts.Count == 1)
            {
                return CaseResult.Failed(c, "The LPS gave up without trying once more with a fresh token.", evidence);
            }

            return attempts[0].Attempt.Xoauth2?.TokenFingerprint == attempts[1].Attempt.Xoauth2?.TokenFingerprint
                ? CaseResult.Failed(c, "The retry sent the same token again instead of a fresh one.", evidence)
                : CaseResult.Passed(c, "One retry with a fresh token, then the LPS stopped.", evidence);
        });

    public static JudgedCase<LpsObservations> Unavailable() => new(
        new(CaseIds.Unavailable, "[UNAVAILABLE]: back off, then come back", ["RFC 5530", "RFC 4954"], Severity.Critical, CaseKind.Observed,
            "Fetch through the front that answers NO [UNAVAILABLE] to the first two authentications: the LPS must retry later (at least a second between tries, no shorter than the last wait) and succeed."),
        (c, o) =>
        {
            var attempts = FirstBurst(o.Attempts(ListenerNames.Unavailable));
            if (attempts.Count == 0)
            {
                return CaseResult.NotRun(c, "No authentication on the front that is unavailable.");
            }

            var evidence = attempts.Take(6).Select(p => Evidences.Attempt(p.Session, p.Attempt)).ToArray();
            var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.Attempt.At - a.Attempt.At).ToList();
            if (gaps.Any(g => g < TimeSpan.FromSeconds(0.9)))
            {
                return CaseResult.Failed(c, $"The LPS retried after {gaps.Min().TotalSeconds:0.00} s: no backoff.", evidence);
            }

            if (gaps.Zip(gaps.Skip(1), (a, b) => b < a * 0.8).Any(shorter => shorter))
            {
                return CaseResult.Failed(c, $"The waits shrank ({string.Join(", ", gaps.Select(g => $"{g.TotalSeconds:0.0} s"))}): no backoff.", evidence);
            }

            return attempts[^1].Attempt.Succeeded == true
                ? CaseResult.Passed(c, $"Retried after {string.Join(", then ", gaps.Select(g => $"{g.TotalSeconds:0.0} s"))}; the last attempt succeeded.", evidence)
                : CaseResult.Failed(c, $"The LPS stopped after {attempts.Count} attempt(s) without getting through.", evidence);
        });

    public static JudgedCase<LpsObservations> Reopen() => new(
        new(CaseIds.Reopen, "A session ended by the operator is reopened without the user", ["ECO.1.2.7", "SC.MSS/CONF.11"], Severity.Blocking, CaseKind.Observed,
            "Fetch through the front that ends the first session with * BYE [EXPIRED] after authentication: the LPS must authenticate again on its own and finish."),
        (c, o) =>
        {
            var sessions = o.Log.On(ListenerNames.EndsSession).ToList();
            var ended = sessions.FirstOrDefault(s => s.EndedByTool);
            if (ended is null)
            {
                return CaseResult.NotRun(c, "No session was authenticated on the front that ends sessions.");
            }

            var reopened = sessions.FirstOrDefault(s => s.Started >= ended.Started && s != ended && s.Authenticated && s.CommandsAfterAuthentication > 0);
            return reopened is null
                ? CaseResult.Failed(c, "After * BYE [EXPIRED], the LPS did not open a new session.", Evidences.Session(ended))
                : CaseResult.Passed(c, $"A new session authenticated {(reopened.Started - ended.Ended!.Value).TotalSeconds:0.0} s after the end and went on.", Evidences.Session(ended), Evidences.Session(reopened, maxLines: 8));
        });

    public static JudgedCase<LpsObservations> Isolation() => new(
        new(CaseIds.Isolation, "A BAL that cannot be reached does not stop the others", ["ECO.1.2.3", "SC.MSS/CONF.08"], Severity.Critical, CaseKind.Observed,
            "Configure a second BAL whose fronts fail, fetch it, then fetch the test BAL: the second fetch must work."),
        (c, o) =>
        {
            var failed = o.Log.On(ListenerNames.Unreachable).OrderBy(s => s.Started).FirstOrDefault();
            if (failed is null)
            {
                return CaseResult.NotRun(c, "No connection to the unreachable BAL's fronts.");
            }

            var after = o.Log.On(o.Reference.Imap, o.Reference.Submission).FirstOrDefault(s => s.Started >= failed.Started && s.Authenticated);
            return after is null
                ? CaseResult.Failed(c, "No session of the test BAL authenticated after the other BAL failed.", Evidences.Session(failed))
                : CaseResult.Passed(c, $"The test BAL was reached {(after.Started - failed.Started).TotalSeconds:0.0} s after the other BAL's failure.", Evidences.Session(failed), Evidences.Session(after, maxLines: 6));
        });

    /// <summary>How soon after the PSC logout the LPS must have closed the session.</summary>
    public static readonly TimeSpan LogoutDelay = TimeSpan.FromSeconds(15);

    public static JudgedCase<LpsObservations> PscLogout() => new(
        new(CaseIds.PscLogout, "A PSC logout ends the LPS's sessions", ["ECO.1.2.6", "SC.MSS/CONF.10"], Severity.Blocking, CaseKind.Observed,
            "Keep a session open through the intermediate server; the tool logs the professional out at PSC: the LPS must close the session within 15 s and open no other."),
        (c, o) =>
        {
            var sessions = o.Log.On(ListenerNames.LogsOut).ToList();
            var loggedOut = sessions.FirstOrDefault(s => s.LoggedOut is not null);
            if (loggedOut is null)
            {
                return CaseResult.NotRun(c, "No session was open when the tool could log the professional out.");
            }

            var (at, psc) = loggedOut.LoggedOut!.Value;
            if (loggedOut.Ended is not { } ended || ended - at > LogoutDelay)
            {
                return CaseResult.Failed(c, $"The session was still open {LogoutDelay.TotalSeconds:0} s after the PSC logout.", Evidences.Session(loggedOut));
            }

            var reopened = o.Log.Sessions.FirstOrDefault(s => s.Started > at && s.Authentications.Any(a => a.Succeeded == true && a.Xoauth2?.TokenSession == psc));
            return reopened is not null
                ? CaseResult.Failed(c, "After the PSC logout the LPS opened another session with a token of the ended PSC session.", Evidences.Session(reopened))
                : CaseResult.Passed(c, $"The LPS closed its session {(ended - at).TotalSeconds:0.0} s after the PSC logout and opened no other.", Evidences.Session(loggedOut));
        });

    private static List<(RecordedSession Session, AuthAttempt Attempt)> FirstBurst(IReadOnlyList<(RecordedSession Session, AuthAttempt Attempt)> attempts)
    {
        var burst = new List<(RecordedSession, AuthAttempt)>();
        foreach (var pair in attempts)
        {
            if (burst.Count > 0 && pair.Attempt.At - burst[^1].Item2.At > Burst)
            {
                break;
            }

            burst.Add(pair);
        }

        return burst;
    }
}

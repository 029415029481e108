using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Lps;

/// <summary>What the LPS cases judge: every session and DNS question of the run, the profile, the NIL declared for the product and the tester's attestations.</summary>
/// <param name="Attestations">Case id to the tester's answer: yes or no, with a comment.</param>
public sealed record LpsObservations(ObservationLog Log, LpsProfile Profile, string? Nil, IReadOnlyDictionary<string, Attestation> Attestations)
{
    public string Bal => ReferenceOperator.Bal(Profile);

    public (string Imap, string Submission) Reference => ListenerNames.Reference(Profile);

    /// <summary>Every message submitted, on any listener, in order.</summary>
    public IReadOnlyList<(RecordedSession Session, SubmittedMessage Message)> Messages =>
        [.. Log.Sessions.SelectMany(s => s.Messages.Select(m => (s, m))).OrderBy(p => p.m.At)];

    /// <summary>
    /// Every authentication attempt made inside TLS on the listeners named, in order. Attempts in clear are judged
    /// by the STARTTLS cases alone, so that one fault fails one case.
    /// </summary>
    public IReadOnlyList<(RecordedSession Session, AuthAttempt Attempt)> Attempts(params string[] listeners) =>
        [.. Log.On(listeners).SelectMany(s => s.Authentications.Where(a => a.OverTls).Select(a => (s, a))).OrderBy(p => p.a.At)];
}

/// <summary>A tester's answer to an attestation case.</summary>
public sealed record Attestation(bool Yes, string? Comment);

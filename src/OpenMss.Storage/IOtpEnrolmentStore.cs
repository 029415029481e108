using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>One-time-password enrolments, one per professional (IdNat), shared by every webmail node.</summary>
public interface IOtpEnrolmentStore
{
    /// <summary>Enrols, or replaces the professional's enrolment (a new authenticator voids the old one).</summary>
    Task SaveAsync(OtpEnrolment enrolment, CancellationToken cancellationToken);

    Task<OtpEnrolment?> FindAsync(string idNat, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a code of time step <paramref name="step"/> was accepted, only if it is later than the last one,
    /// in one statement: true when recorded; false for a step already used (a replayed code) or no enrolment.
    /// </summary>
    Task<bool> UseStepAsync(string idNat, long step, CancellationToken cancellationToken);

    /// <summary>Removes the enrolment; true when there was one.</summary>
    Task<bool> DeleteAsync(string idNat, CancellationToken cancellationToken);
}

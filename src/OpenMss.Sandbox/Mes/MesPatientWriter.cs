using OpenMss.Lps;

namespace OpenMss.Sandbox.Mes;

/// <summary>
/// Writes as a patient through the patient's BAL, after the stand-in's record says MES allows it: a professional
/// wrote first, and an ended exchange takes answers only (spec §8). Used by the stand-in's acknowledgements, the
/// <c>openmss sandbox patient send</c> verb and tests.
/// </summary>
public static class MesPatientWriter
{
    /// <exception cref="MesRuleException">MES would not let the patient write this.</exception>
    public static async Task<string> SendAsync(MssMailbox patientBal, MesPatient patient, MesExchanges exchanges, string professional, string subject, string html, string? inReplyTo, CancellationToken cancellationToken)
    {
        var domain = patientBal.Address[(patientBal.Address.LastIndexOf('@') + 1)..];
        if (MesRules.RefuseWrite(exchanges.Find(patient.Ins, professional), patient.Address(domain), professional, inReplyTo) is { } refusal)
        {
            throw new MesRuleException(refusal);
        }

        return await patientBal.SendAsync(MesMessages.FromPatient(patient, domain, professional, subject, html, inReplyTo), cancellationToken);
    }
}

using MimeKit;
using OpenMss.Lps.Mes;

namespace OpenMss.Sandbox.Mes;

/// <summary>Why Mon espace santé refuses a message: the DSN status (RFC 3463) and one sentence in French and English.</summary>
public sealed record MesRefusal(string Status, string Reason);

/// <summary>
/// The rules Mon espace santé applies to professionals' messages and to patients' writing (spec §8), kept apart
/// from the mail loop so that each can be tested on its own.
/// </summary>
public static class MesRules
{
    public static readonly MesRefusal TooLarge = new("5.3.4",
        "Le message dépasse la taille acceptée par Mon espace santé (moins de 25 Mo). / The message is larger than Mon espace santé accepts (under 25 MB).");

    public static readonly MesRefusal NotAProfessional = new("5.7.1",
        "Mon espace santé n'accepte que les messages des professionnels de l'espace de confiance. / Mon espace santé accepts messages from health professionals of the trust space only.");

    /// <summary>Why a message from <paramref name="sender"/> of <paramref name="size"/> bytes is refused, or null when MES takes it.</summary>
    public static MesRefusal? Judge(string? sender, long size, string patientDomain, IReadOnlyCollection<string> professionalDomains)
    {
        var domain = sender is null ? null : sender[(sender.LastIndexOf('@') + 1)..];
        if (domain is null || string.Equals(domain, patientDomain, StringComparison.OrdinalIgnoreCase)
            || !professionalDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            return NotAProfessional;
        }

        return size >= MssPatients.MaxMessageBytes ? TooLarge : null;
    }

    /// <summary>The professional ends the exchange: <c>X-MSS-MES: FIN</c> (ECO.2.2.8), or the older <c>[FIN]</c> subject.</summary>
    public static bool Ends(MimeMessage message) =>
        string.Equals(message.Headers[MssPatients.MesHeader]?.Trim(), "FIN", StringComparison.OrdinalIgnoreCase)
        || (message.Subject ?? "").TrimStart().StartsWith("[FIN]", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reports and automatic answers (RFC 3834) are never answered nor bounced, so that no two robots talk forever.</summary>
    public static bool IsAutomatic(MimeMessage message) =>
        message.Body is MultipartReport
        || (message.Headers[HeaderId.AutoSubmitted] is { } auto && !string.Equals(auto.Trim(), "no", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why the patient may not write to the professional of <paramref name="exchange"/>, or null: only professionals
    /// start an exchange; once one is ended the patient may answer the professional's messages but not start a new thread.
    /// </summary>
    public static string? RefuseWrite(MesExchange? exchange, string patient, string professional, string? inReplyTo)
    {
        if (exchange is null)
        {
            return $"Only a professional starts an exchange with a patient, and {professional} never wrote to {patient}.";
        }

        var answers = inReplyTo is not null && exchange.Messages.Contains(inReplyTo.Trim('<', '>'), StringComparer.Ordinal);
        return exchange.Ended && !answers
            ? $"{professional} ended the exchange with {patient}: the patient may answer its messages but not start a new one."
            : null;
    }
}

namespace OpenMss.Psc;

/// <summary>Validates a PSC access token; what the IMAP and SMTP fronts' authentication asks.</summary>
public interface ITokenValidator
{
    Task<TokenValidation> ValidateAsync(string accessToken, CancellationToken cancellationToken);
}

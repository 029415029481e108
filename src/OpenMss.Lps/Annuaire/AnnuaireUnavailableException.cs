namespace OpenMss.Lps.Annuaire;

/// <summary>The Annuaire did not answer (unreachable, timed out, or refused the request): try again later.</summary>
public sealed class AnnuaireUnavailableException : Exception
{
    /// <summary>A failure described in one sentence.</summary>
    public AnnuaireUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

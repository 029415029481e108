namespace OpenMss.Lps.Annuaire;

/// <summary>An Annuaire Santé interface an LPS searches for address completion (LDAP or FHIR).</summary>
public interface IAnnuaireSearch
{
    /// <summary>Searches the published BALs; liste rouge and unpublished BALs are never among them.</summary>
    /// <exception cref="ArgumentException">An empty query.</exception>
    /// <exception cref="AnnuaireUnavailableException">The Annuaire cannot be reached or refused the query.</exception>
    Task<AnnuaireSearchResult> SearchAsync(AnnuaireQuery query, CancellationToken cancellationToken = default);
}

namespace OpenMss.Storage.Model;

/// <summary>The API LPS entry points a BAL can be opened through; each keeps its own last-authentication date.</summary>
public enum AuthFront
{
    /// <summary>Pro Santé Connect access token (BAL PER, ORG, CAB).</summary>
    Psc,
    /// <summary>IGC Santé ORG AUTH_CLI client certificate (BAL APP).</summary>
    AuthCli,
}

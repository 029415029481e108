namespace OpenMss.Imap.Protocol.Commands;

/// <summary>What an extended SEARCH returns (RFC 4731 §3.1); <c>RETURN ()</c> means <see cref="All"/>.</summary>
public enum SearchReturn
{
    Min,
    Max,
    All,
    Count,
}

namespace OpenMss.Operator;

/// <summary>Bounds the operator applies whatever the entry point.</summary>
public static class OperatorLimits
{
    /// <summary>Largest message stored: above MES's 25 MB so that any message the trust space carries fits, with headroom.</summary>
    public const long MaxMessageSize = 50L * 1024 * 1024;
}

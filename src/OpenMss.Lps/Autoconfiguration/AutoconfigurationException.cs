namespace OpenMss.Lps.Autoconfiguration;

/// <summary>Why autoconfiguration found no front.</summary>
public enum AutoconfigurationFailure
{
    /// <summary>The domain publishes no SRV record for this BAL type: configure the endpoints by hand or ask the operator.</summary>
    NoRecord,

    /// <summary>The DNS did not answer (timeout, refused, server failure): try again later.</summary>
    DnsFailure,
}

/// <summary>Autoconfiguration (ECO.1.1.9) failed; <see cref="Failure"/> says whether the records are missing or the DNS failed.</summary>
public sealed class AutoconfigurationException : MssException
{
    /// <summary>Creates the exception.</summary>
    public AutoconfigurationException(AutoconfigurationFailure failure, string message, Exception? inner = null)
        : base(message, failure == AutoconfigurationFailure.NoRecord ? MssAction.FixConfiguration : MssAction.RetryLater, null, inner)
    {
        Failure = failure;
    }

    /// <summary>No record, or DNS failure.</summary>
    public AutoconfigurationFailure Failure { get; }
}

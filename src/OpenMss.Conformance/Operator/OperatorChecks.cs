namespace OpenMss.Conformance.Operator;

/// <summary>The operator mode's checks, in the order they run; the expired-token check last, since it waits for a token taken at the start to expire.</summary>
public static class OperatorChecks
{
    public static IReadOnlyList<OperatorCheck> All { get; } =
    [
        TlsChecks.StartTlsRequired(),
        TlsChecks.AuthenticationRefusedInClear(),
        TlsChecks.OldProtocolsRefused(),
        TlsChecks.WeakSuitesRefused(),
        TlsChecks.InjectionIgnored(),
        TlsChecks.ServerCertificate(),
        AuthenticationChecks.ValidTokenAccepted(),
        AuthenticationChecks.OtherProfessionalRefused(),
        AuthenticationChecks.ForeignIssuerRefused(),
        AuthenticationChecks.RevokedRefused(),
        AuthenticationChecks.AuthCli(),
        ServiceChecks.SrvPublished(),
        ServiceChecks.HeadersKept(),
        AuthenticationChecks.SessionLifetime(),
        AuthenticationChecks.ExpiredRefused(),
    ];
}

namespace OpenMss.Storage.Model;

/// <summary>MSSanté mailbox (BAL) types. CAB is modelled like PER until MSSanté specifies it.</summary>
public enum BalType
{
    /// <summary>Personnelle: held by one health professional (IdNat).</summary>
    Per,
    /// <summary>Organisationnelle: a service of a structure (IdNatStruc), opened by authorised professionals.</summary>
    Org,
    /// <summary>Applicative: used by software of a structure, opened with an ORG AUTH_CLI certificate.</summary>
    App,
    /// <summary>Cabinet: announced by the 2026 FHIR guide, not yet specified.</summary>
    Cab,
}

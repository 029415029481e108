namespace OpenMss.Storage.Model;

/// <summary>
/// What one authentication attempt leaves: its audit row and, for a success, the BAL it opened and on which front.
/// Its time is the audit row's.
/// </summary>
public sealed record AuthenticationRecord(AuditEvent Audit, long? BalId = null, AuthFront Front = AuthFront.Psc);

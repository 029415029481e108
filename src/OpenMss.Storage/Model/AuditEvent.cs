namespace OpenMss.Storage.Model;

/// <summary>
/// One entry of the append-only audit trail: an authentication attempt or an administrative change.
/// Never carries a token, a password or a message body.
/// </summary>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Category,
    string Action,
    string Outcome,
    string? BalAddress = null,
    string? Front = null,
    string? Mechanism = null,
    string? Reason = null,
    string? Actor = null);

namespace OpenMss.Storage.Model;

/// <summary>An audit event as stored, with its position in the trail.</summary>
public sealed record AuditRecord(long Id, AuditEvent Event);

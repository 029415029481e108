namespace OpenMss.Lps.Autoconfiguration;

/// <summary>One SRV answer (RFC 2782): priority, weight, port, target host.</summary>
public sealed record SrvRecord(ushort Priority, ushort Weight, ushort Port, string Target);

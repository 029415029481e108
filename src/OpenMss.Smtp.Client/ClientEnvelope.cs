namespace OpenMss.Smtp.Client;

/// <param name="Notify">RFC 3461 NOTIFY as given ("FAILURE,DELAY", "NEVER"), or null.</param>
/// <param name="Orcpt">RFC 3461 ORCPT as "addr-type;address" (decoded), or null.</param>
public sealed record ClientRecipient(string Address, string? Notify = null, string? Orcpt = null);

/// <summary>One transaction's envelope: sender ("" for the null sender), recipients, and RFC 3461 ENVID and RET.</summary>
public sealed record ClientEnvelope(string Sender, IReadOnlyList<ClientRecipient> Recipients, string? EnvId = null, string? Ret = null);

/// <summary>What the server answered in one transaction: to MAIL, to each RCPT in order, and to the content (null when not sent).</summary>
public sealed record TransactionReplies(ClientReply Mail, IReadOnlyList<ClientReply> Recipients, ClientReply? Content);

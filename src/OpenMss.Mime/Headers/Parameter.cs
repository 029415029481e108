namespace OpenMss.Mime.Headers;

/// <summary>
/// One parameter of a structured field, continuations merged. <see cref="Value"/> is decoded text; when the
/// parameter used RFC 2231 charset encoding, <see cref="EncodedValue"/> keeps the merged <c>charset'lang'%XX</c>
/// form (ASCII-safe, which is how IMAP BODYSTRUCTURE reports it).
/// </summary>
public sealed record Parameter(string Name, string Value, string? EncodedValue = null);

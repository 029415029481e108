using OpenMss.Mime.Headers;

namespace OpenMss.Operator.Mssante;

/// <summary>
/// The MSSanté headers an LPS sets (spec §5.1): X-MSS-NIL (product reference, every message), X-MSS-INS (O/N when a
/// CDA is attached), X-MSS-CODECDA (document type codes, comma-separated), X-MSS-MES (FIN ends a patient exchange).
/// Read tolerantly: CODECDA values are split on commas and trimmed, empty ones dropped.
/// </summary>
public sealed record MssanteHeaders(string? Nil, string? Ins, IReadOnlyList<string>? CodeCda, string? Mes)
{
    public const string NilHeader = "X-MSS-NIL";
    public const string InsHeader = "X-MSS-INS";
    public const string CodeCdaHeader = "X-MSS-CODECDA";
    public const string MesHeader = "X-MSS-MES";

    public static MssanteHeaders Read(HeaderList headers) => new(
        headers[NilHeader]?.Unfolded,
        headers[InsHeader]?.Unfolded,
        headers[CodeCdaHeader]?.Unfolded is { } codes
            ? [.. codes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : null,
        headers[MesHeader]?.Unfolded);
}

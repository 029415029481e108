using OpenMss.Mime.Headers;

namespace OpenMss.Operator.Mssante;

/// <summary>
/// The indicator columns INS, CODECDA and NIL of one submitted message (spec §5.2), recorded as found, with what is
/// wrong with them flagged rather than refused (spec §13 #12, #13): a missing or malformed NIL, an INS other than O
/// or N, an INS without CODECDA or the reverse.
/// </summary>
public sealed record IndicatorValues(string? Ins, string? CodeCda, string? Nil, IReadOnlyList<string> Anomalies)
{
    public string AnomalyText => string.Join(',', Anomalies);

    public static IndicatorValues Read(HeaderList headers)
    {
        var ins = headers[MssanteHeaders.InsHeader]?.Unfolded.Trim();
        var codeCda = headers[MssanteHeaders.CodeCdaHeader]?.Unfolded.Trim();
        var nil = headers[MssanteHeaders.NilHeader]?.Unfolded.Trim();
        var anomalies = new List<string>();
        if (string.IsNullOrEmpty(nil))
        {
            anomalies.Add("nil-missing");
        }
        else if (nil.Length > 64 || nil.Any(c => c is < '!' or > '~'))
        {
            anomalies.Add("nil-malformed");
        }

        if (ins is not null && ins is not ("O" or "N"))
        {
            anomalies.Add("ins-malformed");
        }

        if (codeCda is not null && codeCda.Split(',', StringSplitOptions.TrimEntries).Any(code => code.Length == 0 || code.Any(char.IsWhiteSpace)))
        {
            anomalies.Add("codecda-malformed");
        }

        if ((ins is null) != (codeCda is null))
        {
            anomalies.Add(ins is null ? "codecda-without-ins" : "ins-without-codecda");
        }

        return new IndicatorValues(ins, codeCda, nil, anomalies);
    }
}

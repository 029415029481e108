using Hl7.Fhir.Model;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// The FHIR Patch (FHIRPath Patch, a <c>Parameters</c> resource) that declares one BAL on its holder's resource, per
/// the 2026 IG's write endpoint (spec §7.1). Idempotent by construction: the address's telecom is deleted, then added
/// again when the BAL is listed, so a declaration may be repeated or arrive after a later one of the same BAL.
/// </summary>
public static class FhirPatch
{
    public static Parameters For(BalPublication publication)
    {
        var resource = MailboxFhir.ResourceType(publication.Type);
        var patch = new Parameters();
        patch.Parameter.Add(Operation(
            ("type", new Code("delete")),
            ("path", new FhirString($"{resource}.telecom.where(value = '{Escape(publication.Address)}')"))));
        if (publication.Listed)
        {
            patch.Parameter.Add(Operation(
                ("type", new Code("add")),
                ("path", new FhirString(resource)),
                ("name", new FhirString("telecom")),
                ("value", MailboxFhir.ContactPoint(publication))));
        }

        return patch;
    }

    private static Parameters.ParameterComponent Operation(params (string Name, DataType Value)[] parts)
    {
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        foreach (var (name, value) in parts)
        {
            operation.Part.Add(new Parameters.ParameterComponent { Name = name, Value = value });
        }

        return operation;
    }

    /// <summary>FHIRPath string literal escaping (a BAL address holds no quote, but the path must never break).</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}

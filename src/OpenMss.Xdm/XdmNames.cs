namespace OpenMss.Xdm;

/// <summary>The layout of an IHE_XDM archive as MSSanté uses it (spec §9) and the IHE XDS identifiers of METADATA.XML.</summary>
internal static class XdmNames
{
    public const string Readme = "README.TXT";
    public const string Index = "INDEX.HTM";
    public const string Subset = "IHE_XDM/SUBSET01/";
    public const string Metadata = Subset + "METADATA.XML";

    public const string Lcm = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    public const string Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";

    // IHE ITI TF-3 §4.2.5: the classification and identification schemes of XDS metadata.
    public const string DocumentEntry = "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1";
    public const string SubmissionSet = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd";
    public const string TypeCode = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    public const string Author = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d";
    public const string DocumentPatientId = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    public const string DocumentUniqueId = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    public const string SubmissionPatientId = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    public const string SubmissionUniqueId = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    public const string SubmissionSourceId = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832";
    public const string HasMember = "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember";

    /// <summary>ISO 9660 level 1 (8.3, upper case) names for the documents: DOC0001.XML, DOC0002.XML…</summary>
    public static string DocumentFile(int index) => $"DOC{index + 1:D4}.XML";
}

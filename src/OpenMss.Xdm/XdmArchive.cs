namespace OpenMss.Xdm;

/// <summary>One document of an archive as METADATA.XML describes it and as it was found.</summary>
/// <param name="Path">Its path in the archive (IHE_XDM/SUBSET01/DOC0001.XML).</param>
/// <param name="Content">Its bytes when read with <see cref="XdmReader.Read"/>; null when inspected or missing.</param>
/// <param name="Header">Its CDA header; null when the document is missing or not CDA (a problem says which).</param>
/// <param name="Size">The size it has in the archive; null when missing.</param>
/// <param name="Sha1">The SHA-1 it has in the archive (lower-case hex); null when missing.</param>
public sealed record XdmDocument(string Path, byte[]? Content, CdaHeader? Header, string? TypeCode, string? MetadataHash, long? MetadataSize, long? Size = null, string? Sha1 = null);

/// <summary>An IHE_XDM archive read back: its documents, the patient METADATA.XML names, and every defect found.</summary>
/// <param name="PatientId">The SubmissionSet's patientId (ECO.2.1.2: the reader identifies the patient from it).</param>
/// <param name="Problems">Each defect in one sentence; empty for a sound archive.</param>
public sealed record XdmArchive(IReadOnlyList<XdmDocument> Documents, string? PatientId, IReadOnlyList<string> Problems)
{
    public bool IsSound => Problems.Count == 0;
}

namespace OpenMss.Xdm;

/// <summary>Who packs the archive, for README.TXT and the SubmissionSet (spec §9): the sender, its organisation and software.</summary>
public sealed record XdmSender(string Name, string Organisation, string Application, string Version, string Editor, string SourceOid = "1.2.250.1.213.1.1.1");

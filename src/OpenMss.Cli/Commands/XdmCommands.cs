using System.CommandLine;
using OpenMss.Xdm;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss xdm pack --cda FILE… --out ZIP</c> and <c>openmss xdm inspect ZIP</c> (DESIGN.md §5, spec §9).</summary>
internal static class XdmCommands
{
    /// <summary>A CDA document or an archive larger than this is not read (MSSanté messages stay under 25 MB).</summary>
    private const long MaxFileBytes = 256L * 1024 * 1024;

    public static Command Create(CliContext context) => new("xdm", "IHE_XDM archives of CDA R2 documents, as MSSanté carries them.") { Pack(context), Inspect(context) };

    private static Command Pack(CliContext context)
    {
        var cda = new Option<FileInfo[]>("--cda") { Description = "A CDA R2 document of the patient (repeat for several, in the order of X-MSS-CODECDA).", Required = true, AllowMultipleArgumentsPerToken = false, HelpName = "FILE" };
        var output = new Option<FileInfo>("--out") { Description = "The archive to write (IHE_XDM.ZIP).", Required = true, HelpName = "ZIP" };
        var sender = new Option<string?>("--sender") { Description = "Who sends, for README.TXT.", HelpName = "NAME" };
        var organisation = new Option<string?>("--organisation") { Description = "The sender's organisation, for README.TXT.", HelpName = "NAME" };
        var command = new Command("pack", "Build IHE_XDM.ZIP from CDA documents: README.TXT, INDEX.HTM, METADATA.XML and the documents under 8.3 names.") { cda, output, sender, organisation };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var documents = new List<byte[]>();
            foreach (var file in parseResult.GetRequiredValue(cda))
            {
                Check(file);
                documents.Add(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
            }

            var version = typeof(XdmCommands).Assembly.GetName().Version?.ToString() ?? "0";
            byte[] zip;
            try
            {
                zip = XdmPackager.Build(documents, new XdmSender(parseResult.GetValue(sender) ?? Environment.UserName, parseResult.GetValue(organisation) ?? "", "OpenMSS", version, "OpenMSS"), context.Clock.GetUtcNow());
            }
            catch (XdmException e)
            {
                throw new CheckFailedException(e.Message);
            }

            var target = parseResult.GetRequiredValue(output);
            await File.WriteAllBytesAsync(target.FullName, zip, cancellationToken);
            await context.Out.WriteLineAsync($"{target.FullName}: {documents.Count} document(s), {zip.Length} bytes.");
        }));
        return command;
    }

    private static Command Inspect(CliContext context)
    {
        var zip = new Argument<FileInfo>("zip") { Description = "The IHE_XDM archive." };
        var command = new Command("inspect", "Print as JSON an archive's documents, patient, and integrity (each document's size and SHA-1 against METADATA.XML); exit 1 when a problem is found.") { zip };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var file = parseResult.GetRequiredValue(zip);
            Check(file);
            XdmArchive archive;
            try
            {
                // Hashed as they inflate, the documents are never held: memory stays that of the headers (docs/xdm.md).
                await using var stream = file.OpenRead();
                archive = XdmReader.Inspect(stream);
            }
            catch (XdmException e)
            {
                throw new CheckFailedException(e.Message);
            }

            await context.Out.WriteLineAsync(Json.Write(new
            {
                archive.PatientId,
                Sound = archive.IsSound,
                Documents = archive.Documents.Select(d => new
                {
                    File = d.Path,
                    Code = d.Header?.Code.Code ?? d.TypeCode,
                    d.Header?.Code.DisplayName,
                    d.Header?.Title,
                    PatientId = d.Header?.Patient.XdsPatientId,
                    InsQualified = d.Header?.Patient.Qualified,
                    d.Size,
                    d.MetadataSize,
                    SizeMatches = d.Size is not null && d.MetadataSize == d.Size,
                    d.Sha1,
                    d.MetadataHash,
                    HashMatches = d.Sha1 is not null && string.Equals(d.MetadataHash, d.Sha1, StringComparison.OrdinalIgnoreCase),
                }),
                archive.Problems,
            }));
            if (!archive.IsSound)
            {
                throw new CheckFailedException($"The archive has {archive.Problems.Count} problem(s): {string.Join(" ", archive.Problems)}");
            }
        }));
        return command;
    }

    /// <summary>The file exists and is not beyond what a verb reads.</summary>
    private static void Check(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"There is no file {file.FullName}.");
        }

        if (file.Length > MaxFileBytes)
        {
            throw new CheckFailedException($"{file.FullName} is larger than the {MaxFileBytes} bytes accepted.");
        }
    }
}

using System.CommandLine;
using OpenMss.Lps.Gateway;

namespace OpenMss.Cli.Lps;

/// <summary>
/// <c>openmss lps login --gateway URL (--browser | --ciba --idnat ID) --out FILE</c>: pairs this installation with the
/// editor's intermediate server and writes the session file the other verbs take as <c>--gateway-session</c>.
/// </summary>
internal static class LpsLoginCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new LpsConnection();
        var gateway = new Option<string>("--gateway") { Description = "The intermediate server's address.", Required = true, HelpName = "URL" };
        var browser = new Option<bool>("--browser") { Description = "Sign in through the browser: the address to open is printed." };
        var ciba = new Option<bool>("--ciba") { Description = "Sign in by approving on the e-CPS app (CIBA), with --idnat." };
        var idNat = new Option<string?>("--idnat") { Description = "The professional's national id (with --ciba).", HelpName = "ID" };
        var installation = new Option<string?>("--installation") { Description = "This installation's name (default: the machine's name).", HelpName = "NAME" };
        var output = new Option<FileInfo>("--out") { Description = "The session file to write (mode 600: it holds the session handle).", Required = true, HelpName = "FILE" };
        var command = new Command("login", "Pair with the intermediate server by browser or CIBA and write the session file for --gateway-session.") { gateway, browser, ciba, idNat, installation, output, connection.GatewayCa };
        command.SetAction((parseResult, cancellationToken) => LpsCommands.RunAsync(context, async () =>
        {
            var name = parseResult.GetValue(installation) ?? new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
            if (!Uri.TryCreate(parseResult.GetRequiredValue(gateway), UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
            {
                throw new UsageException($"--gateway {parseResult.GetRequiredValue(gateway)} is not an https:// address.");
            }

            using var client = connection.Gateway(parseResult, address);
            MssGatewaySession session;
            switch (parseResult.GetValue(browser), parseResult.GetValue(ciba), parseResult.GetValue(idNat))
            {
                case (true, false, null):
                    var (pairing, login) = await client.StartBrowserPairingAsync(name, cancellationToken);
                    await context.Error.WriteLineAsync($"Open this address in your browser and sign in with Pro Santé Connect: {login}");
                    session = await client.WaitForPairingAsync(name, pairing, TimeSpan.FromMinutes(10), cancellationToken);
                    break;
                case (false, true, { } who):
                    await context.Error.WriteLineAsync($"Approve the request on the e-CPS app of {who}.");
                    session = await client.PairWithCibaAsync(name, who, cancellationToken: cancellationToken);
                    break;
                default:
                    throw new UsageException("Give --browser, or --ciba with --idnat ID.");
            }

            var file = parseResult.GetRequiredValue(output);
            session.Save(file.FullName);
            await context.Out.WriteLineAsync($"Signed in as {session.IdNat}; session written to {file.FullName}.");
        }));
        return command;
    }
}

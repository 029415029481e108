using System.CommandLine;
using OpenMss.Operator.Administration;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss bal add|list|show|set-status|set-liste-rouge|set-users|quota|delete</c>: the BALs this operator hosts.</summary>
internal static class BalCommands
{
    public static Command Create(CliContext context) =>
        new("bal", "Manage BALs (MSSanté mailboxes): PER, ORG, APP, CAB.")
        {
            Add(context), List(context), Show(context), SetStatus(context), SetListeRouge(context), SetUsers(context), BalQuotaCommand.Create(context), Delete(context),
        };

    private static Argument<string> AddressArgument() => new("address") { Description = "The BAL address." };

    private static Command Add(CliContext context)
    {
        var address = AddressArgument();
        var type = new Option<BalType>("--type")
        {
            Description = "PER (a professional), ORG (a service of a structure), APP (software of a structure), CAB.",
            Required = true,
            HelpName = EnumArgument.HelpName<BalType>(upperCase: true),
            CustomParser = r => EnumArgument.Parse<BalType>(r, "a BAL type", upperCase: true),
        };
        var idNat = new Option<string?>("--idnat") { Description = "IdNat of the holder of a PER or CAB BAL, e.g. 810001234567.", HelpName = "IDNAT" };
        var idNatStruc = new Option<string?>("--idnatstruc") { Description = "IdNatStruc of the structure of an ORG or APP BAL, e.g. 1750000001.", HelpName = "IDNATSTRUC" };
        var authorized = new Option<string[]>("--authorized") { Description = "IdNat of a professional who may open this ORG BAL (repeat for several).", HelpName = "IDNAT" };
        var listeRouge = new Option<bool>("--liste-rouge") { Description = "Never publish this BAL in the Annuaire." };
        var command = new Command("add", "Create a BAL with its standard folders.") { address, type, idNat, idNatStruc, authorized, listeRouge };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var (bal, others) = await admin.CreateBalAsync(
                new BalRequest(
                    parseResult.GetRequiredValue(address),
                    parseResult.GetValue(type),
                    parseResult.GetValue(idNat),
                    parseResult.GetValue(idNatStruc),
                    parseResult.GetValue(authorized) ?? [],
                    parseResult.GetValue(listeRouge)),
                cancellationToken);
            await context.Out.WriteLineAsync($"BAL {bal.Address} ({BalAdministration.Name(bal.Type)}) created.");
            if (others.Count > 0)
            {
                await context.Out.WriteLineAsync($"The Annuaire lists other BALs in the holder's name, of which a notice told him: {string.Join(", ", others)}.");
            }
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var domain = new Option<string?>("--domain") { Description = "Only the BALs of this domain.", HelpName = "DOMAIN" };
        var json = Verb.JsonOption();
        var command = new Command("list", "List BALs: address, type, status, holder.") { domain, json };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var bals = (await admin.ListBalsAsync(parseResult.GetValue(domain), cancellationToken)).Select(b => BalView.From(b)).ToList();
            await context.Out.WriteLineAsync(parseResult.GetValue(json)
                ? Json.Write(bals)
                : string.Join(Environment.NewLine, bals.Select(b => b.ToLine())));
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var address = AddressArgument();
        var json = Verb.JsonOption();
        var command = new Command("show", "Show one BAL with its folders.") { address, json };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, store) =>
        {
            var bal = await admin.GetBalAsync(parseResult.GetRequiredValue(address), cancellationToken);
            var folders = new List<FolderView>();
            foreach (var folder in await store.Mailboxes.ListFoldersAsync(bal.Id, cancellationToken))
            {
                var status = await store.Mailboxes.GetStatusAsync(folder.Id, cancellationToken);
                folders.Add(new FolderView(folder.Name, folder.SpecialUse == SpecialUse.None ? null : $"\\{folder.SpecialUse}", status.Messages, folder.UidValidity, status.UidNext));
            }

            var view = BalView.From(bal, folders, AnnuaireView.From(await store.Annuaire.ListAsync(bal.Address, unsentOnly: false, 1, cancellationToken)));
            await context.Out.WriteLineAsync(parseResult.GetValue(json) ? Json.Write(view) : view.ToText());
        }));
        return command;
    }

    private static Command SetStatus(CliContext context)
    {
        var address = AddressArgument();
        var status = new Argument<BalStatus>("status")
        {
            Description = "active, unpublished (hidden from the Annuaire, still working) or deleted (closed).",
            HelpName = EnumArgument.HelpName<BalStatus>(upperCase: false),
            CustomParser = r => EnumArgument.Parse<BalStatus>(r, "a BAL status", upperCase: false),
        };
        var command = new Command("set-status", "Change the lifecycle status of a BAL.") { address, status };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var bal = await admin.SetStatusAsync(parseResult.GetRequiredValue(address), parseResult.GetValue(status), cancellationToken);
            await context.Out.WriteLineAsync($"BAL {bal.Address} is now {BalAdministration.Name(bal.Status)}.");
        }));
        return command;
    }

    private static Command SetListeRouge(CliContext context)
    {
        var address = AddressArgument();
        var value = new Argument<bool>("on") { Description = "true to hide the BAL from every Annuaire interface, false to show it." };
        var command = new Command("set-liste-rouge", "Put a BAL on the liste rouge (never shown by the Annuaire) or take it off.") { address, value };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var bal = await admin.SetListeRougeAsync(parseResult.GetRequiredValue(address), parseResult.GetValue(value), cancellationToken);
            await context.Out.WriteLineAsync($"BAL {bal.Address} is {(bal.ListeRouge ? "now on" : "no longer on")} the liste rouge.");
        }));
        return command;
    }

    private static Command SetUsers(CliContext context)
    {
        var address = AddressArgument();
        var authorized = new Option<string[]>("--authorized") { Description = "IdNat of a professional who may open this ORG BAL (repeat; none leaves it closed to all).", HelpName = "IDNAT" };
        var command = new Command("set-users", "Replace the professionals allowed to open an ORG BAL.") { address, authorized };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            var bal = await admin.SetAuthorizedUsersAsync(parseResult.GetRequiredValue(address), parseResult.GetValue(authorized) ?? [], cancellationToken);
            await context.Out.WriteLineAsync($"BAL {bal.Address} opens for {(bal.AuthorizedIdNats.Count == 0 ? "no one" : string.Join(", ", bal.AuthorizedIdNats))}.");
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var address = AddressArgument();
        var force = new Option<bool>("--force") { Description = "Delete even if the BAL's status is not yet 'deleted'." };
        var command = new Command("delete", "Remove a BAL and all its mail for good (its status must be 'deleted' first).") { address, force };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, _) =>
        {
            await admin.DeleteBalAsync(parseResult.GetRequiredValue(address), parseResult.GetValue(force), cancellationToken);
            await context.Out.WriteLineAsync($"BAL {parseResult.GetRequiredValue(address).Trim().ToLowerInvariant()} deleted with its mail.");
        }));
        return command;
    }
}

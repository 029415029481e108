using System.CommandLine;
using System.Globalization;
using OpenMss.Operator.Quota;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss bal quota ADDRESS [--storage SIZE] [--messages N]</c>: shows a BAL's quota (RFC 9208) and what it
/// holds, and changes its own limits; "default" returns a limit to the operator's <c>Quota:</c> settings, 0 is none.
/// </summary>
internal static class BalQuotaCommand
{
    public static Command Create(CliContext context)
    {
        var address = new Argument<string>("address") { Description = "The BAL address." };
        var storage = new Option<string?>("--storage") { Description = "Octets the BAL may hold: a number with B, KiB, MiB or GiB (e.g. 500MiB), 0 for no limit, or default.", HelpName = "SIZE" };
        var messages = new Option<string?>("--messages") { Description = "Messages the BAL may hold, 0 for no limit, or default.", HelpName = "N" };
        var json = Verb.JsonOption();
        var command = new Command("quota", "Show a BAL's quota and usage, or change its own limits.") { address, storage, messages, json };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, store) =>
        {
            var bal = await admin.GetBalAsync(parseResult.GetRequiredValue(address), cancellationToken);
            var newStorage = parseResult.GetValue(storage);
            var newMessages = parseResult.GetValue(messages);
            if (newStorage is not null || newMessages is not null)
            {
                var own = bal.Quota ?? BalQuota.Default;
                bal = await admin.SetQuotaAsync(
                    bal.Address,
                    new BalQuota(
                        newStorage is null ? own.StorageBytes : Limit(newStorage, Size, "--storage"),
                        newMessages is null ? own.Messages : Limit(newMessages, Count, "--messages")),
                    cancellationToken);
            }

            var quotas = new BalQuotas(store, QuotaOptions.From(Operator.Hosting.OperatorConfiguration.Load([])));
            var state = await quotas.GetAsync(bal, cancellationToken);
            var view = new QuotaView(bal.Address, state.StorageUsed, state.StorageLimit, bal.Quota?.StorageBytes is null, state.MessagesUsed, state.MessagesLimit, bal.Quota?.Messages is null);
            await context.Out.WriteLineAsync(parseResult.GetValue(json) ? Json.Write(view) : view.ToText());
        }));
        return command;
    }

    /// <summary>"default" (null: the operator's), or a value 0 or more.</summary>
    private static long? Limit(string text, Func<string, long?> parse, string option) =>
        text.Equals("default", StringComparison.OrdinalIgnoreCase) ? null
        : parse(text.Trim()) ?? throw new UsageException($"{option} takes a number 0 or more{(option == "--storage" ? " with B, KiB, MiB or GiB" : "")}, or default; not '{text}'.");

    private static long? Count(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static long? Size(string text)
    {
        (string Suffix, long Factor)[] units = [("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("B", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return Count(text[..^suffix.Length].TrimEnd()) is { } n && n <= long.MaxValue / factor ? n * factor : null;
            }
        }

        return Count(text); // plain octets
    }
}

/// <summary>A BAL's quota as the CLI shows it: limits of 0 are none; "default" says the operator's setting applies.</summary>
internal sealed record QuotaView(string Address, long StorageUsed, long StorageLimit, bool StorageDefault, long MessagesUsed, long MessagesLimit, bool MessagesDefault)
{
    public string ToText() => string.Join(
        Environment.NewLine,
        $"address:   {Address}",
        $"storage:   {Mib(StorageUsed)} of {(StorageLimit == 0 ? "no limit" : Mib(StorageLimit))}{(StorageDefault ? " (default)" : "")}",
        $"messages:  {MessagesUsed} of {(MessagesLimit == 0 ? "no limit" : MessagesLimit.ToString(CultureInfo.InvariantCulture))}{(MessagesDefault ? " (default)" : "")}");

    private static string Mib(long octets) => string.Create(CultureInfo.InvariantCulture, $"{octets / 1048576.0:0.##} MiB");
}

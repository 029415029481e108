using System.Text.Json;
using OpenMss.Lps.Bench;
using OpenMss.TestSupport;

// Usage: dotnet run -c Release --project bench/OpenMss.Lps.Bench [-- --rounds N --bals N --memory-side both|sdk|bare --out FILE]
var rounds = Arg("--rounds", 200);
var bals = Arg("--bals", 1000);
var results = new Dictionary<string, object>();

await using (var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
{
    ["Imap:Limits:MaxConnectionsPerAddress"] = (bals + 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Logging:LogLevel:Default"] = "Warning",
}, data => Seeding.AppBalsAsync(data, bals)))
{
    var token = await sandbox.TokenAsync(SandboxProcess.PerHolder);
    results["overhead"] = await Overhead.MeasureAsync(sandbox, token, rounds);
    results["memory"] = await Memory.MeasureAsync(sandbox, bals, ArgText("--memory-side") ?? "both");
}

// A second operator whose IMAP sessions last one second, so that every other operation meets BYE [EXPIRED].
await using (var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string> { ["Imap:Limits:SessionLifetime"] = "00:00:01" }))
{
    results["reopen"] = await Reopen.MeasureAsync(sandbox, await sandbox.TokenAsync(SandboxProcess.PerHolder), samples: 30);
}

var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (ArgText("--out") is { } output)
{
    await File.WriteAllTextAsync(output, json);
}

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

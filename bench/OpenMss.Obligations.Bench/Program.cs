// The indicator export and the lifecycle job at operator scale, on the embedded store (SQLite) in one process.
// Fills the store with raw SQL (the submission path is measured elsewhere), then prints rows per second and memory
// of the export for a small and a large month (their ratio shows whether memory stays constant), and the lifecycle
// job's duration over N BALs. Arguments: [rows of the large month, 10,000,000] [BALs, 1,000,000].
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpenMss.Operator.Indicators;
using OpenMss.Operator.Lifecycle;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

var largeRows = args.Length > 0 ? int.Parse(args[0]) : 10_000_000;
var balCount = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var smallRows = largeRows / 10;
using var directory = new TempDirectory();
var storePath = directory.Combine("store");
await (await SqliteMailStore.OpenAsync(storePath, default)).DisposeAsync();
var database = Path.Combine(storePath, SqliteMailStore.DatabaseFileName);

var fill = Stopwatch.StartNew();
FillIndicators(database, new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), smallRows);
FillIndicators(database, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), largeRows);
var now = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
FillBals(database, balCount, now);
Console.WriteLine($"filled {smallRows + largeRows:N0} indicator rows and {balCount:N0} BALs in {fill.Elapsed.TotalSeconds:F0} s");

await using var store = await SqliteMailStore.OpenAsync(storePath, default);
var small = await MeasureExportAsync("2026-10", smallRows);
var large = await MeasureExportAsync("2026-11", largeRows);
Console.WriteLine($"export memory ratio (large / small month): managed heap peak {large.HeapPeak / (double)small.HeapPeak:F2}, allocated per row {large.AllocatedPerRow:F0} vs {small.AllocatedPerRow:F0} bytes");
Console.WriteLine($"process peak working set after both: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");

var lifecycle = new LifecycleJob(store, new LifecycleOptions());
var dry = Stopwatch.StartNew();
var plan = await lifecycle.RunAsync(now, dryRun: true, default);
dry.Stop();
var apply = Stopwatch.StartNew();
var done = await lifecycle.RunAsync(now, dryRun: false, default);
apply.Stop();
Console.WriteLine($"lifecycle over {plan.BalsScanned:N0} BALs: dry run {dry.Elapsed.TotalSeconds:F1} s ({plan.Actions.Count:N0} steps due); applied {done.Actions.Count(a => a.Applied):N0} steps in {apply.Elapsed.TotalSeconds:F1} s ({plan.BalsScanned / apply.Elapsed.TotalSeconds:N0} BALs/s)");

async Task<(long HeapPeak, double AllocatedPerRow)> MeasureExportAsync(string month, int rows)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long heapPeak = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            heapPeak = Math.Max(heapPeak, GC.GetGCMemoryInfo().HeapSizeBytes);
            heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
            await Task.Delay(20);
        }
    });
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    var result = await new IndicatorExport(store).ExportAsync(ExportPeriod.ParseMonth(month), directory.Combine("out-" + month), default);
    clock.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    await sampling.CancelAsync();
    await sampler;
    var bytes = result.MessageFiles.Sum(f => new FileInfo(f).Length);
    Console.WriteLine(
        $"export {month}: {result.MessageRows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s = {result.MessageRows / clock.Elapsed.TotalSeconds:N0} rows/s; " +
        $"{result.MessageFiles.Count} part(s), {bytes / 1e6:F0} MB; managed heap peak {heapPeak / 1048576.0:F0} MiB; {allocated / (double)rows:F0} bytes allocated per row");
    if (result.MessageRows != rows)
    {
        throw new InvalidOperationException($"expected {rows} rows, exported {result.MessageRows}");
    }

    return (heapPeak, allocated / (double)rows);
}

static void FillIndicators(string database, DateTimeOffset month, int rows)
{
    using var connection = new SqliteConnection($"Data Source={database}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = "INSERT INTO indicators (mail_id, sender, recipient, submitted, size, ins, codecda, nil, anomalies) VALUES ($m, $s, $r, $t, $z, $i, $c, $n, '')";
    var mail = insert.Parameters.Add("$m", SqliteType.Text);
    var sender = insert.Parameters.Add("$s", SqliteType.Text);
    var recipient = insert.Parameters.Add("$r", SqliteType.Text);
    var submitted = insert.Parameters.Add("$t", SqliteType.Integer);
    var size = insert.Parameters.Add("$z", SqliteType.Integer);
    var ins = insert.Parameters.Add("$i", SqliteType.Text);
    var cda = insert.Parameters.Add("$c", SqliteType.Text);
    var nil = insert.Parameters.Add("$n", SqliteType.Text);
    var span = (month.AddMonths(1) - month).TotalMilliseconds;
    for (var i = 0; i < rows; i++)
    {
        mail.Value = $"{month:yyyyMM}-{i / 2:D9}";
        sender.Value = $"dr.{i % 5000:D4}@operateur-a.mssante.fr";
        recipient.Value = $"service.{i % 977:D3}@operateur-b.mssante.fr";
        submitted.Value = month.AddMilliseconds(span * i / rows).ToUnixTimeMilliseconds();
        size.Value = 2000 + (i % 90_000);
        ins.Value = i % 3 == 0 ? "O" : i % 3 == 1 ? "N" : DBNull.Value;
        cda.Value = i % 3 == 2 ? DBNull.Value : i % 7 == 0 ? "34112-3,PRESC-BIO,15508-5" : "11490-0";
        nil.Value = "DEV935997";
        insert.ExecuteNonQuery();
    }

    transaction.Commit();
}

static void FillBals(string database, int count, DateTimeOffset now)
{
    using var connection = new SqliteConnection($"Data Source={database}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using (var domain = connection.CreateCommand())
    {
        domain.Transaction = transaction;
        domain.CommandText = "INSERT INTO domains (name, created) VALUES ('operateur-a.mssante.fr', 0)";
        domain.ExecuteNonQuery();
    }

    using var bal = connection.CreateCommand();
    bal.Transaction = transaction;
    bal.CommandText = "INSERT INTO bals (address, domain, type, holder, status, liste_rouge, created) VALUES ($a, 'operateur-a.mssante.fr', $t, $h, 'active', 0, $c)";
    var address = bal.Parameters.Add("$a", SqliteType.Text);
    var type = bal.Parameters.Add("$t", SqliteType.Text);
    var holder = bal.Parameters.Add("$h", SqliteType.Text);
    var created = bal.Parameters.Add("$c", SqliteType.Integer);
    using var login = connection.CreateCommand();
    login.Transaction = transaction;
    login.CommandText = "INSERT INTO bal_last_authentications (bal_id, front, at) VALUES (last_insert_rowid(), 'psc', $at)";
    var at = login.Parameters.Add("$at", SqliteType.Integer);
    for (var i = 0; i < count; i++)
    {
        address.Value = $"pro.{i:D7}@operateur-a.mssante.fr";
        type.Value = i % 10 == 0 ? "ORG" : i % 50 == 1 ? "APP" : "PER";
        holder.Value = i % 10 == 0 || i % 50 == 1 ? "1750000001" : $"8100{i:D8}";
        // One BAL in a hundred is idle for 100 days (due for dépublication); the rest were opened within 80 days.
        created.Value = now.AddDays(-500).ToUnixTimeMilliseconds();
        bal.ExecuteNonQuery();
        at.Value = now.AddDays(i % 100 == 0 ? -100 : -(i % 80)).ToUnixTimeMilliseconds();
        login.ExecuteNonQuery();
    }

    transaction.Commit();
}

using System.Globalization;
using System.Text;
using CsvHelper;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Indicators;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

public sealed class IndicatorExportTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private const string Sender = $"jean.dupont@{Domain}";
    private const string Colleague = $"secretariat@{Domain}";
    private static readonly DateTimeOffset InNovember = new(2026, 11, 12, 14, 55, 40, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private IMailStore _store = null!;
    private long _colleagueInbox;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Combine("store"), default);
        var admin = new BalAdministration(_store, TimeProvider.System, "test");
        await admin.AddDomainAsync(Domain, default);
        var sender = await admin.AddBalAsync(new BalRequest(Sender, BalType.Per, "810001234567", null, [], false), default);
        var colleague = await admin.AddBalAsync(new BalRequest(Colleague, BalType.Org, null, "1750000001", ["810001234567"], false), default);
        _colleagueInbox = (await _store.Mailboxes.FindFolderAsync(colleague.Id, "INBOX", default))!.Id;
        await _store.Directory.RecordAuthenticationAsync(sender.Id, AuthFront.Psc, new DateTimeOffset(2026, 11, 30, 8, 1, 2, TimeSpan.Zero), default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_files_hold_one_row_per_message_and_recipient_and_read_back_exactly()
    {
        await SubmitAsync("m1", InNovember, 2048, ["dr.x@autre.mssante.test", Colleague], ins: "O", codeCda: "34112-3,PRESC-BIO,15508-5", nil: "DEV935997");
        await SubmitAsync("m2", InNovember.AddHours(1), 2049, [Colleague], ins: "N", codeCda: "34112-3", nil: "ed;\"quoted\" v1\r\nnext");
        await SubmitAsync("m3", InNovember.AddHours(2), 1, [Colleague]);
        await SubmitAsync("october", new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.Zero), 10, [Colleague]);
        await SubmitAsync("december", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 10, [Colleague]);

        var result = await new IndicatorExport(_store).ExportAsync(ExportPeriod.ParseMonth("2026-11"), _directory.Combine("out"), default);

        result.MessageFiles.ShouldHaveSingleItem().ShouldEndWith("INDICATEURS_MESSAGES_2026-11_001.csv");
        result.MessageRows.ShouldBe(4);
        ReadRows(result.MessageFiles[0]).ShouldBe(
        [
            ["MAIL_ID", "EXPEDITEUR", "DESTINATAIRE", "DATE", "TAILLE", "INS", "CODECDA", "NIL"],
            ["m1", Sender, "dr.x@autre.mssante.test", "2026-11-12 14:55:40", "2", "O", "34112-3,PRESC-BIO,15508-5", "DEV935997"],
            ["m1", Sender, Colleague, "2026-11-12 14:55:40", "2", "O", "34112-3,PRESC-BIO,15508-5", "DEV935997"],
            ["m2", Sender, Colleague, "2026-11-12 15:55:40", "3", "N", "34112-3", "ed;\"quoted\" v1\r\nnext"],
            ["m3", Sender, Colleague, "2026-11-12 16:55:40", "1", "", "", ""],
        ]);
        var bytes = await File.ReadAllBytesAsync(result.MessageFiles[0]);
        bytes.Take(3).ShouldNotBe(Encoding.UTF8.Preamble.ToArray(), "no byte-order mark");
        ReadRows(result.ConnectionFiles.ShouldHaveSingleItem()).ShouldBe(
        [
            ["ADRESSE_BAL", "DATE"],
            [Sender, "2026-11-30 08:01:02"],
            [Colleague, ""],
        ]);
    }

    [Fact]
    public async Task Parts_stay_under_the_limit_each_with_its_header_and_a_second_export_leaves_no_stale_part()
    {
        for (var i = 0; i < 300; i++)
        {
            await SubmitAsync($"mail-{i:D4}", InNovember.AddSeconds(i), 5000, [Colleague], ins: "O", codeCda: "34112-3", nil: "DEV935997");
        }

        var output = _directory.Combine("split");
        var result = await new IndicatorExport(_store, maxPartBytes: 4096).ExportAsync(ExportPeriod.ParseDays("2026-11-12", "2026-11-12"), output, default);

        result.MessageFiles.Count.ShouldBeGreaterThan(5);
        var rows = new List<string[]>();
        foreach (var part in result.MessageFiles)
        {
            new FileInfo(part).Length.ShouldBeLessThanOrEqualTo(4096);
            var partRows = ReadRows(part);
            partRows[0].ShouldBe(["MAIL_ID", "EXPEDITEUR", "DESTINATAIRE", "DATE", "TAILLE", "INS", "CODECDA", "NIL"]);
            rows.AddRange(partRows.Skip(1));
        }

        rows.Select(r => r[0]).ShouldBe(Enumerable.Range(0, 300).Select(i => $"mail-{i:D4}"));
        Path.GetFileName(result.MessageFiles[^1]).ShouldBe($"INDICATEURS_MESSAGES_2026-11-12_2026-11-12_{result.MessageFiles.Count:D3}.csv");

        var again = await new IndicatorExport(_store).ExportAsync(ExportPeriod.ParseDays("2026-11-12", "2026-11-12"), output, default);

        again.MessageFiles.ShouldHaveSingleItem();
        Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(
            ["INDICATEURS_CONNEXIONS_2026-11-12_2026-11-12_001.csv", "INDICATEURS_MESSAGES_2026-11-12_2026-11-12_001.csv"]);
    }

    [Fact]
    public void Periods_are_parsed_or_refused_in_one_sentence()
    {
        var month = ExportPeriod.ParseMonth("2026-02");
        (month.From, month.To, month.Label).ShouldBe((new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "2026-02"));
        ExportPeriod.ParseDays("2026-11-01", "2026-11-15").To.ShouldBe(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero));
        ExportPeriod.MonthBefore(new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero)).Label.ShouldBe("2026-12");
        Should.Throw<FormatException>(() => ExportPeriod.ParseMonth("2026-13")).Message.ShouldBe("'2026-13' is not a month: write it YYYY-MM, e.g. 2026-11.");
        Should.Throw<FormatException>(() => ExportPeriod.ParseDays("2026-11-15", "2026-11-01")).Message.ShouldBe("The range ends (2026-11-01) before it starts (2026-11-15).");
    }

    [Fact]
    public async Task The_monthly_export_writes_each_settled_month_once()
    {
        await SubmitAsync("m1", InNovember, 100, [Colleague]);
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var output = _directory.Combine("monthly");
        var scheduler = new Jobs.JobScheduler(_store.Jobs, [new Jobs.IndicatorSchedule(new IndicatorExport(_store), output)], "node-a", clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        (await scheduler.RunDueAsync(default)).ShouldBe([("indicators-export", "2026-10")], "before 02:00 on the 1st, November is not settled yet");
        clock.Advance(TimeSpan.FromHours(1));
        (await scheduler.RunDueAsync(default)).ShouldBe([("indicators-export", "2026-11")]);
        clock.Advance(TimeSpan.FromDays(3));
        (await scheduler.RunDueAsync(default)).ShouldBeEmpty();

        ReadRows(Path.Combine(output, "INDICATEURS_MESSAGES_2026-11_001.csv")).Select(r => r[0]).ShouldBe(["MAIL_ID", "m1"]);
        File.Exists(Path.Combine(output, "INDICATEURS_CONNEXIONS_2026-10_001.csv")).ShouldBeTrue();
        (await _store.Jobs.FindAsync("indicators-export", default))!.LastPeriod.ShouldBe("2026-11");
    }

    [Fact]
    public void Any_values_read_back_exactly_through_an_independent_csv_reader()
    {
        var random = new Random(8);
        const string alphabet = "ab;\"\r\n ,é|\t0";
        var line = new DelimitedLine();
        var buffer = new byte[16];
        for (var i = 0; i < 3000; i++)
        {
            var values = Enumerable.Range(0, random.Next(2, 9))
                .Select(_ => new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]))
                .ToArray();
            line.Clear();
            foreach (var value in values)
            {
                line.Add(value);
            }

            var length = line.EndInto(ref buffer);
            using var csv = CsvReader.Create(buffer.AsMemory(0, length), new CsvReaderOptions { Separator = ';', HasHeader = false, SkipEmptyLines = false });
            csv.Read().ShouldBeTrue();
            Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ShouldBe(values, $"line {i}: {Encoding.UTF8.GetString(buffer, 0, length)}");
            csv.Read().ShouldBeFalse();
        }
    }

    private async Task SubmitAsync(string mailId, DateTimeOffset at, int size, string[] recipients, string? ins = null, string? codeCda = null, string? nil = null)
    {
        var local = recipients.Contains(Colleague) ? new[] { _colleagueInbox } : [];
        var remote = recipients.Where(r => r != Colleague).Select(r => new RemoteRecipient(r)).ToList();
        var submission = new Storage.Model.Submission(mailId, Sender, at, local, remote, [.. recipients.Select(r => new IndicatorFields(r, ins, codeCda, nil, ""))]);
        await _store.Submissions.SubmitAsync(submission, new MemoryStream(new byte[size]), 1 << 20, default);
    }

    private static List<string[]> ReadRows(string path)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ';', HasHeader = false, SkipEmptyLines = false });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        return rows;
    }
}

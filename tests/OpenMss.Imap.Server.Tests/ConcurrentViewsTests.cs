using System.Globalization;
using System.Text.RegularExpressions;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// Several sessions on one folder at once, each storing new keywords, expunging, copying, appending and fetching,
/// each checked against what it was told (RFC 3501 §7.4.1, §7.2.6): no number beyond the EXISTS it heard, no UID
/// moving under a number, no keyword before FLAGS announced it, no EXPUNGE outside the view; half of them with
/// QRESYNC on, told of expunges by VANISHED of UIDs they hold; and at the end every session's view is the folder's.
/// </summary>
public abstract partial class ConcurrentViewsTests : IAsyncLifetime
{
    private const int Sessions = 4;
    private const int Operations = 60;
    private ImapServer _server = null!;

    protected abstract Backend Backend { get; }

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(backend: Backend);
        for (var i = 0; i < 12; i++)
        {
            await _server.AppendAsync("INBOX", TestMessages.Create($"départ {i}"));
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_session_view_stays_consistent_with_what_it_was_told()
    {
        var views = new List<SessionView>();
        for (var i = 0; i < Sessions; i++)
        {
            var view = new SessionView(await _server.AuthenticatedAsync(), i);
            await view.OpenAsync();
            views.Add(view);
        }

        try
        {
            await Task.WhenAll(views.Select(v => Task.Run(() => v.WorkAsync(Operations))));
            foreach (var view in views)
            {
                await view.FinalAsync();
            }

            views.SelectMany(v => v.Violations).ShouldBeEmpty();
            var uids = views[0].Uids;
            uids.ShouldNotContain(0u);
            views.ShouldAllBe(v => v.Uids.SequenceEqual(uids), "after NOOP every session numbers the same messages");
            views.Sum(v => v.Keywords.Count).ShouldBeGreaterThan(0);
        }
        finally
        {
            foreach (var view in views)
            {
                await view.Client.DisposeAsync();
            }
        }
    }

    /// <summary>One session and what it was told: the numbered UIDs (0 while unknown) and the announced keywords.</summary>
    private sealed partial class SessionView(RawImapClient client, int index)
    {
        private const string Appended = "From: a@op.test\r\nSubject: en route\r\n\r\nmessage";
        private readonly Random _random = new(20261202 + index);
        private readonly List<uint> _uids = [];
        private readonly HashSet<string> _keywords = new(StringComparer.OrdinalIgnoreCase);

        public RawImapClient Client { get; } = client;

        public List<string> Violations { get; } = [];

        public IReadOnlyList<uint> Uids => _uids;

        public IReadOnlySet<string> Keywords => _keywords;

        /// <summary>QRESYNC sessions (RFC 7162 §3.2.10) are told VANISHED instead of EXPUNGE, by UID.</summary>
        private bool Qresync => index % 2 == 1;

        public async Task OpenAsync()
        {
            if (Qresync)
            {
                await RunAsync("ENABLE QRESYNC");
            }

            await RunAsync("SELECT INBOX");
            if (_uids.Count > 0)
            {
                await RunAsync("FETCH 1:* (UID FLAGS)");
            }
        }

        public async Task WorkAsync(int operations)
        {
            for (var i = 0; i < operations; i++)
            {
                var count = _uids.Count;
                var some = count == 0 ? null : (1 + _random.Next(count)).ToString(CultureInfo.InvariantCulture);
                var command = (_random.Next(8), some) switch
                {
                    (0, not null) => $"STORE {some} +FLAGS ($S{index}K{_random.Next(4)})",
                    (1, not null) => $"STORE {some} +FLAGS.SILENT (\\Deleted)",
                    (2, _) => "EXPUNGE",
                    (3, not null) => $"COPY {some} INBOX",
                    (4, _) => $"APPEND INBOX ($Append) {{{Appended.Length}+}}\r\n{Appended}",
                    (5, not null) => $"FETCH 1:{some} (UID FLAGS)",
                    (6, _) => "UID FETCH 1:* (FLAGS)",
                    _ => "NOOP",
                };
                await RunAsync(command);
                // A QRESYNC client learns the UIDs it may be told VANISHED of (this FETCH may announce more; a message
                // expunged meanwhile stays unknown, answered NO [EXPUNGEISSUED]).
                for (var unknown = _uids.IndexOf(0); Qresync && unknown >= 0; unknown = _uids.IndexOf(0, unknown + 1))
                {
                    await RunAsync($"FETCH {unknown + 1}:* (UID)");
                }
            }
        }

        /// <summary>NOOP (every change may be told), then the whole folder: it must be what the view numbers.</summary>
        public async Task FinalAsync()
        {
            await RunAsync("NOOP");
            var all = await RunAsync("UID FETCH 1:* (UID FLAGS)");
            var numbers = all.Untagged.Select(l => FetchLine().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(1, _uids.Count)))
            {
                Violations.Add($"session {index}: the final FETCH numbered {numbers.Count} messages, the view {_uids.Count}");
            }
        }

        private async Task<Response> RunAsync(string command)
        {
            var response = await Client.CommandAsync(command);
            foreach (var line in response.Untagged)
            {
                Observe(command, line);
            }

            var tagged = response.Tagged[(response.Tagged.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            if (!tagged.StartsWith("OK", StringComparison.Ordinal) && !tagged.StartsWith("NO [EXPUNGEISSUED]", StringComparison.Ordinal))
            {
                Violations.Add($"session {index}: {command.Split("\r\n")[0]} answered {tagged}");
            }

            return response;
        }

        private void Observe(string command, string line)
        {
            var what = $"session {index}, after {command.Split("\r\n")[0]}: {line}";
            if (Numbered().Match(line) is { Success: true } numbered)
            {
                var n = int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture);
                switch (numbered.Groups[2].Value)
                {
                    case "EXISTS" when n >= _uids.Count:
                        _uids.AddRange(Enumerable.Repeat(0u, n - _uids.Count));
                        return;
                    case "EXISTS":
                        Violations.Add($"{what} (EXISTS went down from {_uids.Count} without EXPUNGE)");
                        return;
                    case "EXPUNGE" when n >= 1 && n <= _uids.Count && ExpungeAllowed(command) && !Qresync:
                        _uids.RemoveAt(n - 1);
                        return;
                    case "EXPUNGE":
                        Violations.Add($"{what} (no EXPUNGE {n} may come here with {_uids.Count} messages)");
                        return;
                    case "RECENT" when n <= _uids.Count:
                        return;
                    default:
                        Violations.Add($"{what} (RECENT beyond EXISTS)");
                        return;
                }
            }

            if (line.StartsWith("* VANISHED ", StringComparison.Ordinal))
            {
                if (!Qresync || line.StartsWith("* VANISHED (EARLIER)", StringComparison.Ordinal) || !ExpungeAllowed(command))
                {
                    Violations.Add($"{what} (no VANISHED may come here)");
                    return;
                }

                foreach (var gone in UidsOf(line["* VANISHED ".Length..]))
                {
                    if (!_uids.Remove(gone) && !RemoveUnknown(gone))
                    {
                        Violations.Add($"{what} (UID {gone} is not in the view)");
                    }
                }

                return;
            }

            if (line.StartsWith("* FLAGS (", StringComparison.Ordinal))
            {
                _keywords.UnionWith(line[9..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(f => !f.StartsWith('\\')));
                return;
            }

            if (FetchLine().Match(line) is not { Success: true } fetch)
            {
                return; // OK [PERMANENTFLAGS …], [UIDVALIDITY …] and the like
            }

            var number = int.Parse(fetch.Groups[1].Value, CultureInfo.InvariantCulture);
            if (number < 1 || number > _uids.Count)
            {
                Violations.Add($"{what} (number beyond the {_uids.Count} messages told)");
                return;
            }

            if (Uid().Match(line) is { Success: true } uid)
            {
                var value = uint.Parse(uid.Groups[1].Value, CultureInfo.InvariantCulture);
                if (_uids[number - 1] != 0 && _uids[number - 1] != value)
                {
                    Violations.Add($"{what} (number {number} was UID {_uids[number - 1]})");
                }

                _uids[number - 1] = value;
            }

            if (Flags().Match(line) is { Success: true } flags)
            {
                foreach (var keyword in flags.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(f => !f.StartsWith('\\')))
                {
                    if (!_keywords.Contains(keyword))
                    {
                        Violations.Add($"{what} (keyword {keyword} before FLAGS announced it)");
                    }
                }
            }
        }

        /// <summary>
        /// A UID the view never learnt (announced by EXISTS, expunged before a FETCH could read it): UIDs ascend with
        /// numbers, so it is one of the unknown places between the known UIDs around it. Those places are all unknown,
        /// so removing any one of them leaves the same view (two new messages both vanished once failed this check
        /// when it asked for exactly one place); none at all is the server's error.
        /// </summary>
        private bool RemoveUnknown(uint uid)
        {
            var after = _uids.FindLastIndex(u => u != 0 && u < uid);
            var before = _uids.FindIndex(u => u != 0 && u > uid);
            var unknown = Enumerable.Range(after + 1, (before < 0 ? _uids.Count : before) - after - 1).Where(i => _uids[i] == 0).ToList();
            if (unknown.Count == 0)
            {
                return false;
            }

            _uids.RemoveAt(unknown[0]);
            return true;
        }

        /// <summary>RFC 3501 §7.4.1: not while answering FETCH, STORE or SEARCH by number.</summary>
        private static bool ExpungeAllowed(string command) =>
            !command.StartsWith("FETCH", StringComparison.Ordinal) && !command.StartsWith("STORE", StringComparison.Ordinal) && !command.StartsWith("SEARCH", StringComparison.Ordinal);

        private static IEnumerable<uint> UidsOf(string set) =>
            set.Split(',').SelectMany(range =>
            {
                var bounds = range.Split(':').Select(b => uint.Parse(b, CultureInfo.InvariantCulture)).ToArray();
                var (first, last) = (Math.Min(bounds[0], bounds[^1]), Math.Max(bounds[0], bounds[^1]));
                return Enumerable.Range((int)first, (int)(last - first + 1)).Select(u => (uint)u);
            });

        [GeneratedRegex(@"^\* (\d+) (EXISTS|EXPUNGE|RECENT)$")]
        private static partial Regex Numbered();

        [GeneratedRegex(@"^\* (\d+) FETCH \(")]
        private static partial Regex FetchLine();

        [GeneratedRegex(@"[ (]UID (\d+)")]
        private static partial Regex Uid();

        [GeneratedRegex(@"FLAGS \(([^)]*)\)")]
        private static partial Regex Flags();
    }
}

public sealed class SqliteConcurrentViewsTests : ConcurrentViewsTests
{
    protected override Backend Backend => Backend.Sqlite;
}

public sealed class PostgresConcurrentViewsTests : ConcurrentViewsTests
{
    protected override Backend Backend => Backend.Postgres;
}

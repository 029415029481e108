using System.Collections.Concurrent;
using System.Globalization;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// An SMTP submission session relayed (RFC 5321, 3207, 4954, 3030): replies come in the order of the commands, even
/// pipelined (RFC 2920), so a queue of the commands sent says which reply answers STARTTLS, AUTH or DATA. Message
/// content (DATA or BDAT) is passed on and kept, bounded, for the header checks.
/// </summary>
public sealed class SmtpRelay(ListenerSpec spec, RecordedSession session) : RelaySession(spec, session)
{
    /// <summary>What is kept of a submitted message for the checks; the rest is passed on unread.</summary>
    public const long CaptureLimit = 32L * 1024 * 1024;

    private readonly ConcurrentQueue<Pending> _pending = new([Pending.Greeting]);
    private readonly List<string> _recipients = [];
    private volatile bool _sasl;
    private AuthAttempt? _attempt;
    private TaskCompletionSource<int> _dataAnswer = new();
    private string _mailFrom = "";
    private MemoryStream? _chunks;

    private enum Pending
    {
        Greeting,
        StartTls,
        Auth,
        Data,
        Other,
    }

    protected override async Task<PumpEnd> ClientPumpAsync(CancellationToken cancellationToken)
    {
        while (await ClientReader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = Text(line);
            if (_sasl)
            {
                Session.Client(SaslResponse(_attempt!, text), Tls);
                await WriteBackendAsync(line, cancellationToken);
                continue;
            }

            var parts = text.Split(' ', 3);
            var verb = parts[0].ToUpperInvariant();
            if (verb == "STARTTLS")
            {
                Session.StartTlsRequested = true;
                Session.Client(text, Tls);
                _pending.Enqueue(Pending.StartTls);
                await WriteBackendAsync(line, cancellationToken);
                if (await StartTlsAnswer.Task is not null)
                {
                    return PumpEnd.StartTls;
                }

                continue;
            }

            if (verb == "AUTH")
            {
                await AuthenticateAsync(line, parts, cancellationToken);
                continue;
            }

            if (Session.Authenticated)
            {
                Session.CommandsAfterAuthentication++;
                if (Spec.Faults.EndBefore(Session))
                {
                    Session.Client(text, Tls);
                    Session.EndedByTool = true;
                    await WriteClientAsync("421 4.7.0 Session expired, authenticate again (conformance tool)", cancellationToken);
                    return PumpEnd.Closed;
                }
            }

            Session.Client(text, Tls);
            switch (verb)
            {
                case "MAIL":
                    _mailFrom = Address(text);
                    _recipients.Clear();
                    break;
                case "RCPT":
                    _recipients.Add(Address(text));
                    break;
                case "DATA":
                    if (!await DataAsync(line, cancellationToken))
                    {
                        return PumpEnd.Closed;
                    }

                    continue;
                case "BDAT":
                    if (!await ChunkAsync(line, parts, cancellationToken))
                    {
                        return PumpEnd.Closed;
                    }

                    continue;
            }

            _pending.Enqueue(Pending.Other);
            await WriteBackendAsync(line, cancellationToken);
        }

        return PumpEnd.Closed;
    }

    protected override async Task<PumpEnd> BackendPumpAsync(CancellationToken cancellationToken)
    {
        var reply = new List<byte[]>();
        while (await BackendReader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = Text(line);
            reply.Add(line);
            if (text.Length > 3 && text[3] == '-')
            {
                continue;
            }

            var code = text.Length >= 3 && int.TryParse(text.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            var lines = reply.ToList();
            reply.Clear();
            var answered = _pending.TryPeek(out var kind) ? kind : Pending.Other;
            if (!(answered == Pending.Auth && code == 334))
            {
                _pending.TryDequeue(out _);
            }

            switch (answered)
            {
                case Pending.StartTls when code == 220:
                    StartTlsAnswer.TrySetResult(line);
                    return PumpEnd.StartTls;
                case Pending.StartTls:
                    StartTlsAnswer.TrySetResult(null);
                    break;
                case Pending.Auth when code != 334:
                    _attempt!.Reply = text;
                    _attempt.Succeeded = code == 235;
                    _sasl = false;
                    break;
                case Pending.Data:
                    _dataAnswer.TrySetResult(code);
                    break;
            }

            using (await HoldClientAsync(cancellationToken))
            {
                foreach (var part in lines)
                {
                    Session.Server(Text(part), Tls);
                    await ClientStream.WriteAsync(part, cancellationToken);
                }

                await ClientStream.FlushAsync(cancellationToken);
            }
        }

        return PumpEnd.Closed;
    }

    private async Task AuthenticateAsync(byte[] line, string[] parts, CancellationToken cancellationToken)
    {
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        var attempt = new AuthAttempt(Session.Clock.GetUtcNow(), mechanism, Tls);
        Session.Add(attempt);
        var initial = parts.Length > 2 ? parts[2] : null;
        Session.Client($"AUTH {mechanism} " + (initial is null ? "" : Describe(attempt, initial == "=" ? "" : initial)), Tls);
        if (Spec.Faults.Refuse(Session) is { } refusal)
        {
            attempt.Injected = true;
            if (initial is null)
            {
                await WriteClientAsync("334 ", cancellationToken);
                if (await ClientReader.ReadLineAsync(cancellationToken) is not { } response)
                {
                    return;
                }

                Session.Client(Describe(attempt, Text(response)), Tls);
            }

            var reply = refusal == Refusal.Unavailable
                ? "454 4.7.0 Temporary authentication failure (conformance tool)"
                : "535 5.7.8 Authentication credentials invalid (conformance tool)";
            attempt.Reply = reply;
            attempt.Succeeded = false;
            await WriteClientAsync(reply, cancellationToken);
            return;
        }

        _attempt = attempt;
        _sasl = true;
        _pending.Enqueue(Pending.Auth);
        await WriteBackendAsync(line, cancellationToken);
    }

    /// <summary>DATA: the content follows only a 354 (RFC 5321 §4.1.1.4); it ends with a line holding a single dot.</summary>
    private async Task<bool> DataAsync(byte[] line, CancellationToken cancellationToken)
    {
        _dataAnswer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue(Pending.Data);
        await WriteBackendAsync(line, cancellationToken);
        if (await _dataAnswer.Task != 354)
        {
            return true;
        }

        using var content = new MemoryStream();
        while (await ClientReader.ReadLineAsync(cancellationToken) is { } contentLine)
        {
            if (contentLine.AsSpan().SequenceEqual(".\r\n"u8) || contentLine.AsSpan().SequenceEqual(".\n"u8))
            {
                _pending.Enqueue(Pending.Other);
                await WriteBackendAsync(contentLine, cancellationToken);
                Record(content, dotStuffed: true);
                return true;
            }

            if (content.Length < CaptureLimit)
            {
                content.Write(contentLine);
            }

            await BackendStream.WriteAsync(contentLine, cancellationToken);
        }

        return false;
    }

    /// <summary>BDAT n [LAST] (RFC 3030): exactly n bytes follow the command line.</summary>
    private async Task<bool> ChunkAsync(byte[] line, string[] parts, CancellationToken cancellationToken)
    {
        if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            _pending.Enqueue(Pending.Other);
            await WriteBackendAsync(line, cancellationToken);
            return true;
        }

        _chunks ??= new MemoryStream();
        _pending.Enqueue(Pending.Other);
        await WriteBackendAsync(line, cancellationToken);
        if (!await ClientReader.CopyAsync(size, BackendStream, _chunks, CaptureLimit, cancellationToken))
        {
            return false;
        }

        await BackendStream.FlushAsync(cancellationToken);
        Session.Client($"<{size} bytes of message content>", Tls);
        if (parts.Length > 2 && parts[2].Trim().Equals("LAST", StringComparison.OrdinalIgnoreCase))
        {
            Record(_chunks, dotStuffed: false);
            _chunks.Dispose();
            _chunks = null;
        }

        return true;
    }

    private void Record(MemoryStream content, bool dotStuffed)
    {
        var bytes = content.ToArray();
        Session.Client($"<message of {bytes.Length} bytes>", Tls);
        Session.Add(MessageFacts.Read(Session.Clock.GetUtcNow(), _mailFrom, [.. _recipients], bytes, dotStuffed));
    }

    private static string Address(string command)
    {
        var start = command.IndexOf('<', StringComparison.Ordinal);
        var end = start < 0 ? -1 : command.IndexOf('>', start);
        return start >= 0 && end > start ? command[(start + 1)..end] : "";
    }
}

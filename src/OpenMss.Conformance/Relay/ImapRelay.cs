using System.Globalization;
using System.Text.RegularExpressions;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// An IMAP session relayed (RFC 3501/9051): tags tell which response answers STARTTLS and AUTHENTICATE, literals
/// (<c>{N}</c>, <c>{N+}</c>) are passed as counted bytes in both directions and never read as commands.
/// </summary>
public sealed partial class ImapRelay(ListenerSpec spec, RecordedSession session) : RelaySession(spec, session)
{
    private readonly object _gate = new();
    private string? _startTlsTag;
    private string? _authenticationTag;
    private AuthAttempt? _attempt;
    private string? _loginTag;

    [GeneratedRegex(@"\{(\d{1,10})\+?\}\r?\n$", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();

    protected override async Task<PumpEnd> ClientPumpAsync(CancellationToken cancellationToken)
    {
        var continuation = false;
        var secret = false;
        while (await ClientReader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = Text(line);
            string? sasl;
            lock (_gate)
            {
                sasl = _authenticationTag;
            }

            if (continuation || sasl is not null)
            {
                // The rest of a command after a literal, or a SASL response (RFC 3501 §6.2.2), redacted.
                Session.Client(
                    continuation ? (secret ? "<rest of the command redacted>" : text) : SaslResponse(_attempt!, text),
                    Tls);
                await WriteBackendAsync(line, cancellationToken);
            }
            else
            {
                var parts = text.Split(' ', 4);
                var tag = parts[0];
                var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
                secret = command == "LOGIN";
                if (command == "STARTTLS")
                {
                    Session.StartTlsRequested = true;
                    Session.Client(text, Tls);
                    lock (_gate)
                    {
                        _startTlsTag = tag;
                    }

                    await WriteBackendAsync(line, cancellationToken);
                    if (await StartTlsAnswer.Task is not null)
                    {
                        return PumpEnd.StartTls;
                    }

                    continue;
                }

                if (command is "AUTHENTICATE" or "LOGIN")
                {
                    if (!await AuthenticateAsync(line, parts, cancellationToken))
                    {
                        continue;
                    }
                }
                else
                {
                    if (Session.Authenticated)
                    {
                        Session.CommandsAfterAuthentication++;
                        if (Spec.Faults.EndBefore(Session))
                        {
                            Session.Client(text, Tls);
                            Session.EndedByTool = true;
                            await WriteClientAsync("* BYE [EXPIRED] Session expired, authenticate again (conformance tool)", cancellationToken);
                            return PumpEnd.Closed;
                        }
                    }

                    Session.Client(text, Tls);
                    await WriteBackendAsync(line, cancellationToken);
                }
            }

            continuation = false;
            if (Literal().Match(text + "\r\n") is { Success: true } literal)
            {
                var count = long.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!await ClientReader.CopyAsync(count, BackendStream, null, 0, cancellationToken))
                {
                    return PumpEnd.Closed;
                }

                Session.Client($"<literal of {count} bytes>", Tls);
                continuation = true;
            }
        }

        return PumpEnd.Closed;
    }

    protected override async Task<PumpEnd> BackendPumpAsync(CancellationToken cancellationToken)
    {
        var continuation = false;
        while (await BackendReader.ReadLineAsync(cancellationToken) is { } line)
        {
            var text = Text(line);
            if (!continuation)
            {
                string? startTlsTag;
                lock (_gate)
                {
                    startTlsTag = _startTlsTag;
                }

                if (startTlsTag is not null && text.StartsWith(startTlsTag + " ", StringComparison.Ordinal))
                {
                    lock (_gate)
                    {
                        _startTlsTag = null;
                    }

                    var accepted = text[(startTlsTag.Length + 1)..].StartsWith("OK", StringComparison.OrdinalIgnoreCase);
                    if (accepted)
                    {
                        StartTlsAnswer.TrySetResult(line);
                        return PumpEnd.StartTls;
                    }

                    StartTlsAnswer.TrySetResult(null);
                }

                Answered(text);
            }

            using (await HoldClientAsync(cancellationToken))
            {
                Session.Server(text, Tls);
                await ClientStream.WriteAsync(line, cancellationToken);
                continuation = false;
                if (Literal().Match(text + "\r\n") is { Success: true } literal)
                {
                    var count = long.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture);
                    if (!await BackendReader.CopyAsync(count, ClientStream, null, 0, cancellationToken))
                    {
                        return PumpEnd.Closed;
                    }

                    Session.Server($"<literal of {count} bytes>", Tls);
                    continuation = true;
                }

                await ClientStream.FlushAsync(cancellationToken);
            }
        }

        return PumpEnd.Closed;
    }

    /// <returns>false when the tool answered the attempt itself and the operator must not see it.</returns>
    private async Task<bool> AuthenticateAsync(byte[] line, string[] parts, CancellationToken cancellationToken)
    {
        var tag = parts[0];
        var login = parts[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase);
        var mechanism = login ? "LOGIN" : parts.Length > 2 ? parts[2].ToUpperInvariant() : "";
        var attempt = new AuthAttempt(Session.Clock.GetUtcNow(), mechanism, Tls);
        Session.Add(attempt);
        var initial = !login && parts.Length > 3 ? parts[3] : null;
        Session.Client($"{tag} {parts[1]} {mechanism} " + (login ? "<credentials redacted>" : initial is null ? "" : Describe(attempt, initial == "=" ? "" : initial)), Tls);
        if (!login && Spec.Faults.Refuse(Session) is { } refusal)
        {
            attempt.Injected = true;
            if (initial is null)
            {
                await WriteClientAsync("+ ", cancellationToken);
                if (await ClientReader.ReadLineAsync(cancellationToken) is not { } response)
                {
                    return false;
                }

                Session.Client(Describe(attempt, Text(response)), Tls);
            }

            var reply = refusal == Refusal.Unavailable
                ? $"{tag} NO [UNAVAILABLE] Authentication service unavailable, try again later (conformance tool)"
                : $"{tag} NO [AUTHENTICATIONFAILED] Authentication failed (conformance tool)";
            attempt.Reply = reply;
            attempt.Succeeded = false;
            await WriteClientAsync(reply, cancellationToken);
            return false;
        }

        lock (_gate)
        {
            _attempt = attempt;
            _authenticationTag = login ? null : tag;
            _loginTag = login ? tag : null;
        }

        await WriteBackendAsync(line, cancellationToken);
        return true;
    }

    /// <summary>A tagged response to an authentication settles it.</summary>
    private void Answered(string text)
    {
        lock (_gate)
        {
            var tag = _authenticationTag ?? _loginTag;
            if (tag is null || _attempt is null || !text.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return;
            }

            _attempt.Reply = text;
            _attempt.Succeeded = text[(tag.Length + 1)..].StartsWith("OK", StringComparison.OrdinalIgnoreCase);
            if (_attempt.Succeeded == true)
            {
                Spec.Faults.Authenticated(Session, _attempt);
            }

            _authenticationTag = null;
            _loginTag = null;
        }
    }
}

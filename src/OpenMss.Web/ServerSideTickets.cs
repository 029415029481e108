using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OpenMss.Web;

/// <summary>
/// Login sessions kept on the server: the browser's cookie holds a random key, never the PSC tokens (issue 21: no
/// token in the browser). Expired sessions go at their next lookup and on each store; bounded in count.
/// </summary>
internal sealed class ServerSideTickets(TimeProvider clock, int maxSessions = 100_000) : ITicketStore
{
    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        Sweep();
        if (_tickets.Count >= maxSessions)
        {
            throw new InvalidOperationException("Too many webmail sessions at once.");
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tickets[key] = ticket;
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        _tickets[key] = ticket;
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (_tickets.TryGetValue(key, out var ticket) && !Expired(ticket))
        {
            return Task.FromResult<AuthenticationTicket?>(ticket);
        }

        _tickets.TryRemove(key, out _);
        return Task.FromResult<AuthenticationTicket?>(null);
    }

    public Task RemoveAsync(string key)
    {
        _tickets.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>The tickets held now (tests: the tokens are here, not in the browser).</summary>
    public IReadOnlyCollection<AuthenticationTicket> Held => [.. _tickets.Values];

    /// <summary>Ends every session of a PSC session (back-channel logout): those whose ticket carries its sid.</summary>
    public int RemoveSession(string sid) => RemoveWhere("sid", sid);

    /// <summary>Ends every session of a professional (a logout token naming only the subject).</summary>
    public int RemoveSubject(string subject) => RemoveWhere("sub", subject);

    private int RemoveWhere(string claim, string value)
    {
        var removed = 0;
        foreach (var (key, ticket) in _tickets)
        {
            if (ticket.Principal.FindFirst(claim)?.Value == value && _tickets.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private bool Expired(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc is { } expires && expires <= clock.GetUtcNow();

    private void Sweep()
    {
        foreach (var (key, ticket) in _tickets)
        {
            if (Expired(ticket))
            {
                _tickets.TryRemove(key, out _);
            }
        }
    }
}

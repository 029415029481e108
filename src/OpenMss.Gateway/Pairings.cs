using System.Collections.Concurrent;

namespace OpenMss.Gateway;

/// <summary>Where a pairing stands: waiting for the professional, done (its handle not yet collected), or failed.</summary>
public enum PairingStatus
{
    Pending,
    Paired,
    Refused,
    Expired,
    Failed,
}

/// <summary>One installation's pairing under way, by browser or CIBA.</summary>
public sealed class Pairing(string id, string installation, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;

    public string Installation { get; } = installation;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public PairingStatus Status { get; set; } = PairingStatus.Pending;

    /// <summary>The session handle, until the installation collects it (then forgotten).</summary>
    public string? Handle { get; set; }

    public string? IdNat { get; set; }

    public string? Problem { get; set; }

    /// <summary>Browser pairing: the OAuth state, nonce and PKCE verifier of its authorization request.</summary>
    public string? State { get; set; }

    public string? Nonce { get; set; }

    public string? Verifier { get; set; }
}

/// <summary>
/// Pairings under way, in this node's memory: they last minutes, and the installation asks the node that started
/// them (a load balancer keeps an installation on one node for its pairing; the sessions themselves are shared).
/// </summary>
public sealed class Pairings(TimeProvider clock)
{
    /// <summary>More pairings than this under way means abuse: new ones are refused until some end.</summary>
    public const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<string, Pairing> _all = new(StringComparer.Ordinal);

    public Pairing? Start(string installation, TimeSpan lifetime)
    {
        Purge();
        if (_all.Count >= MaxPending)
        {
            return null;
        }

        var pairing = new Pairing(SessionHandles.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)), installation, clock.GetUtcNow() + lifetime);
        _all[pairing.Id] = pairing;
        return pairing;
    }

    public Pairing? Find(string id) => _all.TryGetValue(id, out var pairing) ? pairing : null;

    public Pairing? FindByState(string state) => _all.Values.FirstOrDefault(p => p.State is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
        System.Text.Encoding.UTF8.GetBytes(p.State), System.Text.Encoding.UTF8.GetBytes(state)));

    public void Remove(string id) => _all.TryRemove(id, out _);

    private void Purge()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, pairing) in _all)
        {
            if (pairing.ExpiresAt < now - TimeSpan.FromMinutes(5))
            {
                _all.TryRemove(id, out _);
            }
        }
    }
}

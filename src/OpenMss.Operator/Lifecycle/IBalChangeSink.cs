using OpenMss.Storage.Model;

namespace OpenMss.Operator.Lifecycle;

/// <summary>What happened to a BAL that the Annuaire must learn.</summary>
public enum BalChange
{
    Created,
    Changed,
    Unpublished,
    Republished,
    Deleted,
}

/// <summary>
/// Told of every change the Annuaire must learn (the Annuaire declaration outbox listens here), with the BAL's type and
/// holder because a deleted BAL can no longer be looked up.
/// </summary>
public interface IBalChangeSink
{
    Task BalChangedAsync(string address, BalType type, string holder, BalChange change, CancellationToken cancellationToken);
}

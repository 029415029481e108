using OpenMss.Storage;

namespace OpenMss.Operator.Administration;

/// <summary>Why an administrative request was refused, for an API to answer 400, 404 or 409.</summary>
public enum AdministrationRefusal
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>An administrative request refused by MSSanté rules or by the store, with one sentence saying why.</summary>
public sealed class AdministrationException(string message, Exception? inner = null, AdministrationRefusal refusal = AdministrationRefusal.Invalid) : Exception(message, inner)
{
    public AdministrationRefusal Refusal { get; } = inner is StoreException store
        ? store.Error switch
        {
            StoreError.NotFound => AdministrationRefusal.NotFound,
            StoreError.AlreadyExists => AdministrationRefusal.Conflict,
            _ => refusal,
        }
        : refusal;
}

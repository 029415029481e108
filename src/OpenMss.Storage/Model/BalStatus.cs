namespace OpenMss.Storage.Model;

/// <summary>Lifecycle of a BAL: an unpublished BAL works fully but is hidden from the Annuaire; a deleted one opens no more.</summary>
public enum BalStatus
{
    Active,
    Unpublished,
    Deleted,
}

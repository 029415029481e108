namespace OpenMss.Storage.Model;

/// <summary>How a flag change applies: IMAP STORE FLAGS, +FLAGS and -FLAGS.</summary>
public enum FlagChangeMode
{
    Replace,
    Add,
    Remove,
}

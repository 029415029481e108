namespace OpenMss.Conformance.Observation;

public enum WireProtocol
{
    Imap,
    Smtp,
}

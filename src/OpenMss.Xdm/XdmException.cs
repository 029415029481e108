namespace OpenMss.Xdm;

/// <summary>A document or archive that cannot be read at all; the message names the defect in one sentence.</summary>
public class XdmException : Exception
{
    public XdmException()
    {
    }

    public XdmException(string message)
        : base(message)
    {
    }

    public XdmException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

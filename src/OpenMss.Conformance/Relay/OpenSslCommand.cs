using System.ComponentModel;
using System.Diagnostics;

namespace OpenMss.Conformance.Relay;

/// <summary>Starts the openssl command (Debian package openssl) with its three streams redirected, or says in one sentence that it is missing.</summary>
public static class OpenSslCommand
{
    /// <param name="purpose">What needs it, for the sentence when it is missing ("The TLS 1.1 listener").</param>
    public static Process Start(IEnumerable<string> arguments, string purpose)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{purpose} needs the openssl command (Debian package openssl): {e.Message}", e);
        }
    }
}

using System.Net;
using OpenMss.Net;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Lifecycle;

namespace OpenMss.OperatorConsole;

/// <summary>What the console needs from the operator's configuration (section <c>Console</c>, docs/console.md).</summary>
public sealed record ConsoleSettings
{
    public required IPEndPoint EndPoint { get; init; }

    public required TlsPolicy Tls { get; init; }

    /// <summary>Administrator name → password hash (<see cref="AdminPasswords"/>).</summary>
    public required IReadOnlyDictionary<string, string> Admins { get; init; }

    /// <summary>BAL administration for one actor, the same the CLI and the admin API use (audited under that actor).</summary>
    public required Func<string, BalAdministration> Administration { get; init; }

    public required LifecycleOptions Lifecycle { get; init; }

    /// <summary>Where indicator exports are written (<c>Indicators:ExportDirectory</c>); null: the export is offered nowhere.</summary>
    public string? ExportDirectory { get; init; }

    /// <summary>Where conformance reports are kept (<c>Console:ReportsDirectory</c>); each <c>report.html</c> below it is listed.</summary>
    public string? ReportsDirectory { get; init; }
}

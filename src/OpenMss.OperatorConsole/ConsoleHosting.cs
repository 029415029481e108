using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMss.Operator.Hosting;
using OpenMss.Storage;

namespace OpenMss.OperatorConsole;

/// <summary>
/// The console as a part of <c>openmss serve</c>: with the fronts' TLS material and at least one administrator in
/// <c>Console:Admins</c>, it listens on <c>Console:Address</c> (else <c>Admin:Address</c>), port base + 81 or
/// <c>Console:Port</c>, as a web app of its own that starts and stops with the operator.
/// </summary>
public static class ConsoleHosting
{
    public static readonly OperatorPart Part = Configure;

    private static OperatorPartEndPoint? Configure(IServiceCollection services, IConfiguration configuration, IMailStore store, ListenerPorts ports)
    {
        var admins = configuration.GetSection("Console:Admins").GetChildren().Where(a => a.Value is { Length: > 0 }).ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);
        if (admins.Count == 0 || FrontHosting.Tls(configuration) is not { } tls)
        {
            return null;
        }

        if (admins.FirstOrDefault(a => !AdminPasswords.IsHash(a.Value)) is { Key: { } unreadable })
        {
            throw new ArgumentException($"Console:Admins:{unreadable} is not a password hash: make one with 'openmss console password-hash'.");
        }

        var address = configuration["Console:Address"] is { Length: > 0 } text ? IPAddress.Parse(text) : OperatorHost.AdminAddress(configuration);
        var endPoint = new IPEndPoint(address, configuration.GetValue("Console:Port", ports.Console));
        services.AddHostedService(provider =>
        {
            var clock = provider.GetRequiredService<TimeProvider>();
            return new ConsoleService(new ConsoleSettings
            {
                EndPoint = endPoint,
                Tls = tls,
                Admins = admins,
                Administration = AdministrationHosting.Factory(store, clock, configuration),
                Lifecycle = JobHosting.Lifecycle(configuration),
                ExportDirectory = configuration["Indicators:ExportDirectory"] is { Length: > 0 } exports ? exports : null,
                ReportsDirectory = configuration["Console:ReportsDirectory"] is { Length: > 0 } reports ? reports : null,
            }, store, clock);
        });
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new OperatorPartEndPoint("Operator console", endPoint, new Uri($"https://{host}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}/"));
    }

    /// <summary>The console's own web app, started with the operator's host and stopped before it.</summary>
    private sealed class ConsoleService(ConsoleSettings settings, IMailStore store, TimeProvider clock) : IHostedService, IAsyncDisposable
    {
        private WebApplication? _app;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _app = ConsoleHost.Build(settings, store, clock);
            await _app.StartAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_app is not null)
            {
                await _app.StopAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}

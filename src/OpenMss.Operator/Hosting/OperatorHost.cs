using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The operator server process: the generic host with configuration (appsettings.json beside the binary, then in
/// the working directory, OPENMSS_* environment variables and --Section:Key=value arguments), structured
/// logs on stderr, the admin listener with /health, and graceful shutdown on SIGTERM or Ctrl-C.
/// The IMAP and SMTP listeners join it with their issues.
/// </summary>
public static class OperatorHost
{
    /// <param name="clock">Every deadline, lifetime and timestamp of the server; the system clock unless a test or an embedding host gives its own.</param>
    /// <param name="parts">Parts brought by projects above the Operator, such as the console.</param>
    public static WebApplication Build(string[] configurationArguments, IMailStore store, ListenerPorts ports, TimeProvider? clock = null, IReadOnlyList<OperatorPart>? parts = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = configurationArguments,
            ApplicationName = "openmss",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.Sources.Clear();
        OperatorConfiguration.AddSources(builder.Configuration, configurationArguments);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // Logging:Console:FormatterName picks json (the default in appsettings.json), simple or systemd. Bound last,
        // because the slim builder registers the simple formatter itself and would otherwise win.
        builder.Logging.AddConsole();
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = builder.Configuration.GetValue("Host:ShutdownTimeout", TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton(services => new Authentication.AuthenticationJournal(
            store,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Authentication"),
            builder.Configuration.GetValue("Audit:AwaitAuthenticationCommit", false)));
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

        var adminAddress = AdminAddress(builder.Configuration);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(adminAddress, ports.Admin));
        FrontHosting.AddPsc(builder.Services, builder.Configuration);
        var peers = new Whitelist.TrustedPeers(store);
        builder.Services.AddSingleton(peers);
        var submission = SubmissionHosting.Configure(builder.WebHost, builder.Configuration, store, ports, peers);
        var mta = MtaHosting.Configure(builder.WebHost, builder.Services, builder.Configuration, store, ports, peers);
        var imap = ImapHosting.Configure(builder.WebHost, builder.Configuration, store, ports);
        JobHosting.Configure(builder.Services, builder.Configuration, store);
        AnnuaireHosting.Configure(builder.Services, builder.Configuration, store);
        var telemetry = TelemetryHosting.Configure(builder.Services, builder.Configuration, store);
        MemoryHosting.Configure(builder.Services, builder.Configuration);
        var adminApi = AdminApiHosting.Configure(builder.WebHost, builder.Services, builder.Configuration, store, ports);
        var served = (parts ?? []).Select(part => part(builder.Services, builder.Configuration, store, ports)).OfType<OperatorPartEndPoint>().ToList();

        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapGet("/", () => Results.Text("OpenMSS operator: see /health\n"));
        var adminApiEndPoint = adminApi?.Invoke(app);
        if (telemetry)
        {
            TelemetryHosting.Map(app);
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            HostLog.Serving(app.Logger, store.Description, adminAddress, ports.Admin);
            foreach (var (kind, endPoint) in submission)
            {
                HostLog.Listening(app.Logger, "SMTP submission", kind, endPoint);
            }

            foreach (var (kind, endPoint) in imap)
            {
                HostLog.Listening(app.Logger, "IMAP", kind, endPoint);
            }

            if (adminApiEndPoint is not null)
            {
                HostLog.AdminApi(app.Logger, adminApiEndPoint);
            }

            if (mta is not null)
            {
                HostLog.Listening(app.Logger, "SMTP inter-operator", OpenMss.Net.FrontKind.Mta, mta);
            }

            foreach (var part in served)
            {
                HostLog.Part(app.Logger, part.Name, part.Url);
            }
        });
        app.Lifetime.ApplicationStopping.Register(() => HostLog.Stopping(app.Logger));
        return app;
    }

    public static System.Net.IPAddress AdminAddress(IConfiguration configuration) =>
        System.Net.IPAddress.TryParse(configuration["Admin:Address"] ?? "127.0.0.1", out var address)
            ? address
            : throw new ArgumentException($"Admin:Address '{configuration["Admin:Address"]}' is not an IP address.");
}

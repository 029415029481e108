using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Operator.Indicators;
using OpenMss.Operator.Jobs;
using OpenMss.Operator.Lifecycle;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The scheduled jobs from configuration: the daily BAL lifecycle (section <c>Lifecycle</c>; off with
/// <c>Lifecycle:Enabled=false</c>) and, when <c>Indicators:ExportDirectory</c> is set, the monthly indicator files.
/// </summary>
public static class JobHosting
{
    public static void Configure(IServiceCollection services, IConfiguration configuration, IMailStore store)
    {
        var jobs = new List<IScheduledJob>();
        if (configuration.GetValue("Lifecycle:Enabled", true))
        {
            var options = Lifecycle(configuration);
            jobs.Add(new LifecycleSchedule(new LifecycleJob(store, options), options));
        }

        if (configuration["Indicators:ExportDirectory"] is { Length: > 0 } directory)
        {
            jobs.Add(new IndicatorSchedule(new IndicatorExport(store, configuration.GetValue("Indicators:MaxPartBytes", IndicatorExport.AnsMaxFileBytes)), directory));
        }

        if (jobs.Count > 0)
        {
            services.AddHostedService(provider => new JobScheduler(
                store.Jobs, jobs, JobScheduler.NodeName(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Jobs")));
        }
    }

    /// <exception cref="ArgumentException">Durations out of order.</exception>
    public static LifecycleOptions Lifecycle(IConfiguration configuration) =>
        (configuration.GetSection("Lifecycle").Get<LifecycleOptions>() ?? new LifecycleOptions()).Checked();
}

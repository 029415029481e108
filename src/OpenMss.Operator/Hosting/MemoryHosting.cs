using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Operator.Memory;

namespace OpenMss.Operator.Hosting;

/// <summary><c>Memory:TrimInterval</c> (default 30 s, 0 turns it off) and <c>Memory:TrimThresholdMiB</c> (default 32).</summary>
internal static class MemoryHosting
{
    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        var interval = configuration.GetValue("Memory:TrimInterval", TimeSpan.FromSeconds(30));
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var threshold = configuration.GetValue("Memory:TrimThresholdMiB", 32L) * 1048576;
        services.AddHostedService(provider => new MemoryTrimmer(
            new MemoryTrimPolicy(threshold), interval, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Memory")));
    }
}

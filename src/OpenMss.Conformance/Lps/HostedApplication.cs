using Microsoft.AspNetCore.Builder;

namespace OpenMss.Conformance.Lps;

/// <summary>A started web application and what it owns (its store), stopped and released together.</summary>
public sealed class HostedApplication(WebApplication application, IAsyncDisposable owned) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await application.StopAsync(CancellationToken.None);
        await application.DisposeAsync();
        await owned.DisposeAsync();
    }
}

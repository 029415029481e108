using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Web.Pages;

/// <summary>
/// A page's steps and how long each took, sent as Server-Timing (W3C Server Timing): the browser's developer tools
/// and the browser tests' figures show where a slow page spends its time. Step names and durations only.
/// </summary>
internal sealed class ServerTiming
{
    private readonly List<(string Name, TimeSpan Took)> _steps = [];

    public async Task<T> MeasureAsync<T>(string name, Func<Task<T>> step)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await step();
        }
        finally
        {
            _steps.Add((name, Stopwatch.GetElapsedTime(start)));
        }
    }

    public T Measure<T>(string name, Func<T> step) => MeasureAsync(name, () => Task.FromResult(step())).GetAwaiter().GetResult();

    public IResult Send(HttpContext context, IResult page)
    {
        context.Response.Headers["Server-Timing"] = string.Join(", ", _steps.Select(s => $"{s.Name};dur={s.Took.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)}"));
        return page;
    }
}

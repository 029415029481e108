using OpenMss.Psc.Sandbox;

namespace OpenMss.Conformance.Lps;

/// <summary>
/// Approves the CIBA requests of one client (the intermediate server's) at the tool's PSC sandbox, as the test
/// professional would on the e-CPS app: the tester has no card for the tool's identities, and the pairing waits for
/// that answer. Other clients' requests are left alone (<c>openmss psc token</c> answers its own).
/// </summary>
public sealed class CibaApprover : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CibaApprover(PscSandboxClient psc, string clientId, TimeProvider clock)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var state = await psc.StateAsync(_stop.Token);
                    foreach (var request in state.RootElement.GetProperty("pendingCiba").EnumerateArray().Where(r => r.GetProperty("clientId").GetString() == clientId))
                    {
                        await psc.DecideAsync(request.GetProperty("authReqId").GetString()!, approve: true, _stop.Token);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(300), clock, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpRequestException or SandboxClientException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

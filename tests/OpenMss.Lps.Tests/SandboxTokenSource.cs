using System.Net;
using System.Text.Json;
using OpenMss.Lps;
using OpenMss.Psc.Sandbox;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// A token source as an editor's intermediate server would back it: one CIBA authentication, then refresh grants
/// at the sandbox's token endpoint. A refused refresh (the PSC session ended) is reported as such. Counts fetches.
/// </summary>
public sealed class SandboxTokenSource(PscSandboxClient psc, HttpClient http, string idNat) : PscTokenSource
{
    private string? _refreshToken;

    public SandboxTokenSource(SandboxProcess sandbox, string idNat)
        : this(sandbox.Psc, sandbox.Http, idNat)
    {
    }

    public int Fetches { get; private set; }

    public int Refreshes { get; private set; }

    /// <summary>Logs the professional out at PSC, as the intermediate server does on an explicit disconnect.</summary>
    public async Task LogoutAtPscAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, psc.Endpoint("/logout"))
        {
            Content = new FormUrlEncodedContent([new("client_id", SandboxProcess.Lps.ClientId), new("client_secret", SandboxProcess.Lps.Secret), new("refresh_token", _refreshToken!)]),
        };
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
    }

    /// <summary>What the intermediate server does every few minutes: keep the PSC session alive; when PSC refuses, the session has ended.</summary>
    public async Task KeepAliveAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (MssPscSessionEndedException)
        {
            EndSession();
        }
    }

    protected override async Task<PscAccessToken> FetchAsync(bool refresh, CancellationToken cancellationToken)
    {
        Fetches++;
        if (refresh)
        {
            Refreshes++;
        }

        if (_refreshToken is null)
        {
            using var tokens = await psc.CibaTokensAsync(idNat, SandboxProcess.Lps.ClientId, SandboxProcess.Lps.Secret, approve: true, cancellationToken);
            return Take(tokens.RootElement);
        }

        return await RefreshAsync(cancellationToken);
    }

    private async Task<PscAccessToken> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await psc.PostAsync(psc.Endpoint("/token"), SandboxProcess.Lps.ClientId, SandboxProcess.Lps.Secret,
            [new("grant_type", "refresh_token"), new("refresh_token", _refreshToken!)], cancellationToken);
        using (body)
        {
            if (status != HttpStatusCode.OK)
            {
                throw new MssPscSessionEndedException($"PSC session ended: the refresh was refused ({body.RootElement.GetProperty("error").GetString()}).");
            }

            return Take(body.RootElement);
        }
    }

    private PscAccessToken Take(JsonElement tokens)
    {
        _refreshToken = tokens.GetProperty("refresh_token").GetString();
        return new PscAccessToken(tokens.GetProperty("access_token").GetString()!, Time.GetUtcNow().AddSeconds(tokens.GetProperty("expires_in").GetInt32()));
    }
}

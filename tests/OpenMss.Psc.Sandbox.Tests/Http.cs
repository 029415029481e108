using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenMss.Psc.Sandbox;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>Small HTTP helpers the sandbox tests share.</summary>
internal static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostFormAsync(this RunningSandbox psc, string path, TestClient? client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, psc.Client.Endpoint(path))
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        if (client is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.ClientId}:{client.Secret}")));
        }

        using var response = await psc.Http.SendAsync(request);
        return (response.StatusCode, await response.JsonAsync());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> IntrospectAsync(this RunningSandbox psc, string token) =>
        psc.PostFormAsync("/token/introspect", RunningSandbox.Operator, ("token", token));

    public static async Task<JsonElement> CibaTokensAsync(this RunningSandbox psc, string idNat)
    {
        using var tokens = await psc.Client.CibaTokensAsync(idNat, RunningSandbox.Lps.ClientId, RunningSandbox.Lps.Secret, approve: true);
        return tokens.RootElement.Clone();
    }

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}

using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OpenMss.Gateway;

/// <summary>
/// Pairing an installation with a professional's PSC session: by CIBA (the professional approves on the e-CPS app)
/// or through the browser (authorization code with PKCE and <c>acr_values=eidas1</c>). The installation then polls
/// <c>GET /pair/{id}</c> and collects its session handle, once.
/// </summary>
public static class PairingEndpoints
{
    public sealed record CibaRequest(string? Installation, string? IdNat, string? BindingMessage, string? Channel);

    public sealed record BrowserRequest(string? Installation);

    private static readonly TimeSpan BrowserLifetime = TimeSpan.FromMinutes(10);

    public static void Map(WebApplication app, GatewayServices services)
    {
        app.MapPost("/pair/ciba", async (CibaRequest request, HttpContext context) =>
        {
            if (!SessionHandles.IsInstallation(request.Installation) || request.IdNat is not { Length: > 0 and <= 64 } idNat
                || request.BindingMessage is { } binding && (binding.Length != 2 || !binding.All(char.IsAsciiDigit)) || request.Channel is not (null or "MOBILE" or "CARD"))
            {
                return InstallationAuth.Error(400, "invalid_request", "Give installation (letters, digits, '.', '_', '-'), idNat, optionally bindingMessage (two digits) and channel (MOBILE or CARD).");
            }

            BackchannelAuthenticationResponse started;
            try
            {
                started = await services.Psc.StartCibaAsync(idNat, request.BindingMessage, request.Channel ?? "MOBILE", context.RequestAborted);
            }
            catch (PscUnavailableException e)
            {
                return InstallationAuth.Error(503, "psc_unavailable", e.Message);
            }

            if (started.IsError)
            {
                return started.Error is "unknown_user_id"
                    ? InstallationAuth.Error(404, "unknown_user_id", "PSC knows no professional with this national id.")
                    : InstallationAuth.Error(503, "psc_unavailable", $"PSC refused or did not answer the CIBA request ({started.Error}).");
            }

            var pairing = services.Pairings.Start(request.Installation!, TimeSpan.FromSeconds(started.ExpiresIn > 0 ? started.ExpiresIn : 120));
            if (pairing is null)
            {
                return InstallationAuth.Error(503, "busy", "Too many pairings are under way; try again shortly.");
            }

            _ = Task.Run(() => PollCibaAsync(services, pairing, started.AuthenticationRequestId!, TimeSpan.FromSeconds(Math.Max(1, started.Interval ?? 5))));
            return Results.Json(new { pairing = pairing.Id, expiresIn = started.ExpiresIn }, statusCode: 202);
        }).RequireRateLimiting(SessionEndpoints.RateLimitPolicy); // each request pushes a prompt to a professional's phone: bounded per client address

        app.MapPost("/pair/browser", (BrowserRequest request) =>
        {
            if (!SessionHandles.IsInstallation(request.Installation))
            {
                return InstallationAuth.Error(400, "invalid_request", "Give installation (letters, digits, '.', '_', '-').");
            }

            var pairing = services.Pairings.Start(request.Installation!, BrowserLifetime);
            return pairing is null
                ? InstallationAuth.Error(503, "busy", "Too many pairings are under way; try again shortly.")
                : Results.Json(new { pairing = pairing.Id, login = $"{services.PublicUrl}/login/{pairing.Id}" }, statusCode: 202);
        }).RequireRateLimiting(SessionEndpoints.RateLimitPolicy);

        // The professional's browser: on to PSC's login page.
        app.MapGet("/login/{id}", async (string id, HttpContext context) =>
        {
            if (services.Pairings.Find(id) is not { Status: PairingStatus.Pending } pairing)
            {
                return Results.Text("This pairing is unknown or over; start again from your software.", "text/plain; charset=utf-8", statusCode: 404);
            }

            pairing.State = SessionHandles.Base64Url(RandomNumberGenerator.GetBytes(24));
            pairing.Nonce = SessionHandles.Base64Url(RandomNumberGenerator.GetBytes(24));
            pairing.Verifier = SessionHandles.Base64Url(RandomNumberGenerator.GetBytes(32));
            var challenge = SessionHandles.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(pairing.Verifier)));
            DiscoveryDocumentResponse discovery;
            try
            {
                discovery = await services.Psc.DiscoveryAsync(context.RequestAborted);
            }
            catch (PscUnavailableException)
            {
                return Results.Text("Pro Santé Connect does not answer; try again in a moment.", "text/plain; charset=utf-8", statusCode: 503);
            }

            var url = new RequestUrl(discovery.AuthorizeEndpoint!).CreateAuthorizeUrl(
                clientId: services.Options.ClientId, responseType: "code", scope: "openid scope_all", redirectUri: services.RedirectUri,
                state: pairing.State, nonce: pairing.Nonce, acrValues: "eidas1", codeChallenge: challenge, codeChallengeMethod: "S256");
            return Results.Redirect(url);
        });

        app.MapGet("/callback", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["state"].ToString() is not { Length: > 0 } state || services.Pairings.FindByState(state) is not { Status: PairingStatus.Pending } pairing)
            {
                await InstallationAuth.RefuseAsync(services, context, "callback with an unknown or reused state", "-", "-");
                return Results.Text("This sign-in does not match a pairing under way (unknown or reused state).", "text/plain; charset=utf-8", statusCode: 400);
            }

            pairing.State = null; // one use
            if (query["code"].ToString() is not { Length: > 0 } code)
            {
                pairing.Status = PairingStatus.Refused;
                pairing.Problem = query["error"].ToString();
                return Results.Text("Pro Santé Connect did not sign you in; start again from your software.", "text/plain; charset=utf-8", statusCode: 400);
            }

            var tokens = await services.Psc.RedeemCodeAsync(code, services.RedirectUri, pairing.Verifier!, context.RequestAborted);
            if (tokens.IsError || tokens.IdentityToken is not { } idToken || !NonceMatches(idToken, pairing.Nonce!))
            {
                pairing.Status = PairingStatus.Failed;
                pairing.Problem = tokens.IsError ? tokens.Error : "the ID token's nonce is not this pairing's";
                await InstallationAuth.RefuseAsync(services, context, "code redemption failed: " + pairing.Problem, pairing.Installation, "-");
                return Results.Text("The sign-in could not be completed; start again from your software.", "text/plain; charset=utf-8", statusCode: 400);
            }

            await CompleteAsync(services, pairing, tokens, context.RequestAborted);
            return Results.Text("<!doctype html><meta charset=utf-8><title>OpenMSS</title><p>Votre logiciel est connecté : vous pouvez fermer cette fenêtre. / Your software is signed in: you may close this window.</p>", "text/html; charset=utf-8");
        });

        // The installation collects its handle, once.
        app.MapGet("/pair/{id}", (string id, HttpContext context) =>
        {
            var installation = context.Request.Headers[InstallationAuth.InstallationHeader].ToString();
            if (services.Pairings.Find(id) is not { } pairing || !string.Equals(pairing.Installation, installation, StringComparison.Ordinal))
            {
                return InstallationAuth.Error(404, "unknown_pairing", "No pairing under way by this id for this installation.");
            }

            if (pairing.Status == PairingStatus.Pending && pairing.ExpiresAt < services.Clock.GetUtcNow())
            {
                pairing.Status = PairingStatus.Expired;
            }

            switch (pairing.Status)
            {
                case PairingStatus.Pending:
                    return Results.Json(new { status = "pending" }, statusCode: 202);
                case PairingStatus.Paired:
                    services.Pairings.Remove(id);
                    return Results.Json(new { status = "paired", handle = pairing.Handle, idNat = pairing.IdNat });
                default:
                    services.Pairings.Remove(id);
                    return Results.Json(new { status = pairing.Status.ToString().ToLowerInvariant(), problem = pairing.Problem }, statusCode: 403);
            }
        }).RequireRateLimiting(SessionEndpoints.RateLimitPolicy);
    }

    private static async Task PollCibaAsync(GatewayServices services, Pairing pairing, string authReqId, TimeSpan interval)
    {
        while (pairing.Status == PairingStatus.Pending)
        {
            await Task.Delay(interval, services.Clock);
            if (pairing.ExpiresAt < services.Clock.GetUtcNow())
            {
                pairing.Status = PairingStatus.Expired;
                return;
            }

            TokenResponse tokens;
            try
            {
                tokens = await services.Psc.PollCibaAsync(authReqId, CancellationToken.None);
            }
            catch (PscUnavailableException)
            {
                continue;
            }

            switch (tokens.IsError ? tokens.Error : null)
            {
                case null:
                    await CompleteAsync(services, pairing, tokens, CancellationToken.None);
                    return;
                case "authorization_pending":
                    break;
                case "slow_down":
                    interval += TimeSpan.FromSeconds(5); // RFC 8628 §3.5, as CIBA says
                    break;
                case "access_denied":
                    pairing.Status = PairingStatus.Refused;
                    await services.Audit.RecordAsync("pair", "refused", "the professional refused (CIBA)", $"installation {pairing.Installation}", CancellationToken.None);
                    return;
                case "expired_token":
                    pairing.Status = PairingStatus.Expired;
                    await services.Audit.RecordAsync("pair", "expired", "nobody answered the CIBA request", $"installation {pairing.Installation}", CancellationToken.None);
                    return;
                default:
                    if (tokens.ErrorType != ResponseErrorType.Exception)
                    {
                        pairing.Status = PairingStatus.Failed;
                        pairing.Problem = tokens.Error;
                        return;
                    }

                    break;
            }
        }
    }

    private static async Task CompleteAsync(GatewayServices services, Pairing pairing, TokenResponse tokens, CancellationToken cancellationToken)
    {
        try
        {
            var (handle, session) = await services.Sessions.CreateAsync(pairing.Installation, tokens, cancellationToken);
            pairing.Handle = handle;
            pairing.IdNat = session.IdNat;
            pairing.Status = PairingStatus.Paired;
        }
        catch (Exception e) when (e is PscUnavailableException or System.Data.Common.DbException or ArgumentException)
        {
            pairing.Status = PairingStatus.Failed;
            pairing.Problem = e.Message;
        }
    }

    /// <summary>The ID token came straight from PSC's token endpoint over TLS (OIDC Core §3.1.3.7): its nonce is what binds it to this pairing.</summary>
    private static bool NonceMatches(string idToken, string nonce)
    {
        try
        {
            var jwt = new JsonWebToken(idToken);
            return jwt.TryGetPayloadValue<string>("nonce", out var value) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(nonce));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

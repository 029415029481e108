using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>
/// What a paired installation does with its handle: take the current access token (<c>GET /token</c>), hear the end of
/// its session (<c>GET /events</c>, server-sent events), and log the professional out (<c>POST /logout</c>). And PSC's
/// back-channel logout (<c>POST /backchannel-logout</c>).
/// </summary>
public static class SessionEndpoints
{
    public const string RateLimitPolicy = "installation";

    public static void Map(WebApplication app, GatewayServices services)
    {
        app.MapGet("/token", async (HttpContext context) =>
        {
            var (session, refusal) = await InstallationAuth.AuthenticateAsync(context, services);
            if (refusal is not null)
            {
                return refusal;
            }

            try
            {
                var grant = await services.Sessions.AccessAsync(session!, context.RequestAborted);
                context.Response.Headers.CacheControl = "no-store";
                var left = (long)Math.Max(0, (grant.ExpiresAt - services.Clock.GetUtcNow()).TotalSeconds);
                return Results.Json(new { access_token = grant.AccessToken, token_type = "Bearer", expires_in = left, idNat = session!.IdNat });
            }
            catch (GatewaySessionEndedException e)
            {
                return InstallationAuth.Ended(e.Reason);
            }
            catch (PscUnavailableException)
            {
                return InstallationAuth.Error(503, "psc_unavailable", "PSC did not answer; the session is kept: ask again shortly.");
            }
        }).RequireRateLimiting(RateLimitPolicy);

        // Its own lifetime, separate from any browser's: open as long as the installation listens (ECO.1.2.6).
        app.MapGet("/events", async (HttpContext context) =>
        {
            var (session, refusal) = await InstallationAuth.AuthenticateAsync(context, services);
            if (refusal is not null && session is not { IsEnded: true })
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            // A node that stops ends its streams at once; the installations listen again on another node.
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var aborted = linked.Token;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            var ended = services.Endings.EndedAsync(session!.Id);
            try
            {
                // Subscribed first, then read: an end between the two is not missed.
                var now = await services.Store.GatewaySessions.FindAsync(session.Id, aborted);
                if (now is null || now.IsEnded)
                {
                    services.Endings.Announce(session.Id, now?.EndReason ?? "ended");
                }

                await context.Response.WriteAsync(": open\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
                while (!ended.IsCompleted)
                {
                    await Task.WhenAny(ended, Task.Delay(TimeSpan.FromSeconds(15), services.Clock, aborted));
                    aborted.ThrowIfCancellationRequested();
                    if (!ended.IsCompleted)
                    {
                        await context.Response.WriteAsync(": keepalive\n\n", aborted);
                        await context.Response.Body.FlushAsync(aborted);
                    }
                }

                await context.Response.WriteAsync($"event: ended\ndata: {JsonSerializer.Serialize(new { reason = await ended })}\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                services.Endings.Forget(session.Id);
            }
        }).RequireRateLimiting(RateLimitPolicy);

        app.MapPost("/logout", async (HttpContext context) =>
        {
            var (session, refusal) = await InstallationAuth.AuthenticateAsync(context, services);
            if (refusal is not null)
            {
                return refusal;
            }

            await services.Sessions.EndAsync(new GatewaySessionFilter(Id: session!.Id), "logout", propagate: true, context.RequestAborted);
            return Results.NoContent();
        }).RequireRateLimiting(RateLimitPolicy);

        // OpenID Connect Back-Channel Logout 1.0 §2.8: 200 when done, 400 with the reason otherwise.
        app.MapPost("/backchannel-logout", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var (notice, why) = await services.LogoutTokens.ValidateAsync(form?["logout_token"].ToString(), context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            if (notice is null)
            {
                await InstallationAuth.RefuseAsync(services, context, "back-channel logout: " + why, "-", "-");
                return InstallationAuth.Error(400, "invalid_request", $"Logout token refused: {why}.");
            }

            if (notice.Sid is { } sid)
            {
                await services.Sessions.EndAsync(new GatewaySessionFilter(PscSession: sid), "psc-logout", propagate: false, context.RequestAborted);
            }
            else if (notice.Subject is { } subject && subject.LastIndexOf(':') is var colon and >= 0)
            {
                // PSC's sub is f:<uuid>:<IdNat>: without a sid, every session of the professional ends.
                await services.Sessions.EndAsync(new GatewaySessionFilter(IdNat: subject[(colon + 1)..]), "psc-logout", propagate: false, context.RequestAborted);
            }

            return Results.Ok();
        });
    }
}

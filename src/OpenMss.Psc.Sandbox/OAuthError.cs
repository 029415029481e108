using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox;

/// <summary>OAuth 2.0 error answers (RFC 6749 §5.2): JSON error code and one sentence, never a token.</summary>
internal static class OAuthError
{
    public static IResult BadRequest(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    public static IResult InvalidClient() =>
        new WithHeader(Results.Json(new { error = "invalid_client", error_description = "Client authentication failed." }, statusCode: StatusCodes.Status401Unauthorized),
            "WWW-Authenticate", "Basic realm=\"esante-wallet\"");

    public static IResult InvalidToken() =>
        new WithHeader(Results.Json(new { error = "invalid_token", error_description = "The access token is not valid." }, statusCode: StatusCodes.Status401Unauthorized),
            "WWW-Authenticate", "Bearer realm=\"esante-wallet\", error=\"invalid_token\"");

    public static IResult Unavailable() =>
        Results.Json(new { error = "temporarily_unavailable", error_description = "The sandbox is unavailable." }, statusCode: StatusCodes.Status503ServiceUnavailable);

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>The discovery document under both names PSC answers to, and the JWKS.</summary>
internal static class DiscoveryEndpoints
{
    public static void Map(WebApplication app, SandboxServices sandbox)
    {
        app.MapGet(SandboxServices.RealmPath + "/.well-known/wallet-openid-configuration", () => Results.Json(Document(sandbox)));
        app.MapGet(SandboxServices.RealmPath + "/.well-known/openid-configuration", () => Results.Json(Document(sandbox)));
        app.MapGet(SandboxServices.ProtocolPath + "/certs", () => Results.Json(sandbox.Keys.Jwks()));
    }

    /// <summary>What PSC advertises (spec §3.1), limited to what the sandbox really does.</summary>
    public static Dictionary<string, object> Document(SandboxServices sandbox)
    {
        var protocol = sandbox.Issuer + "/protocol/openid-connect";
        return new Dictionary<string, object>
        {
            ["issuer"] = sandbox.Issuer,
            // PSC's authorization endpoint is on a distinct « wallet » host at /auth; the sandbox serves it at /auth on its own host.
            ["authorization_endpoint"] = sandbox.BaseAddress + "/auth",
            ["token_endpoint"] = protocol + "/token",
            ["introspection_endpoint"] = protocol + "/token/introspect",
            ["userinfo_endpoint"] = protocol + "/userinfo",
            ["end_session_endpoint"] = protocol + "/logout",
            ["jwks_uri"] = protocol + "/certs",
            ["backchannel_authentication_endpoint"] = protocol + "/ext/ciba/auth",
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", "urn:openid:params:grant-type:ciba" },
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["scopes_supported"] = new[] { "openid", "scope_all", "eidas1" },
            ["acr_values_supported"] = new[] { TokenIssuer.Acr },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["introspection_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["backchannel_token_delivery_modes_supported"] = new[] { "poll" },
            ["backchannel_user_code_parameter_supported"] = false,
            ["backchannel_logout_supported"] = true,
            ["backchannel_logout_session_supported"] = true,
            ["claims_supported"] = new[]
            {
                "sub", "iss", "acr", "auth_time", "SubjectNameID", "preferred_username", "given_name", "family_name", "codeCivilite",
                "SubjectRefPro", "SubjectOrganization", "SubjectOrganizationID", "SubjectRole", "Secteur_Activite", "Palier_Authentification",
                "PSI_Locale", "UITVersion", "otherIds", "email",
            },
        };
    }
}

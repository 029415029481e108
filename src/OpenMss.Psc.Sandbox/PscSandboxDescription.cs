namespace OpenMss.Psc.Sandbox;

/// <summary>
/// The <c>psc</c> object of sandbox.json and conformance.json (DESIGN.md §5): a running PSC sandbox's endpoints and
/// clients, so that scripts (and <c>openmss psc token --sandbox DIR</c>) can reach it.
/// </summary>
public sealed record PscSandboxDescription(
    string Issuer, string Discovery, string Authorization, string Token, string Introspection, string Userinfo, string Jwks,
    string Logout, string Ciba, string Control, IReadOnlyList<PscSandboxDescription.ClientEntry> Clients)
{
    public sealed record ClientEntry(string ClientId, string Secret, bool Ciba, IReadOnlyList<string> RedirectUris);

    public static PscSandboxDescription Of(PscSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var protocol = sandbox.Issuer + "/protocol/openid-connect";
        return new PscSandboxDescription(
            sandbox.Issuer,
            sandbox.Issuer + "/.well-known/wallet-openid-configuration",
            sandbox.BaseAddress + "/auth",
            protocol + "/token",
            protocol + "/token/introspect",
            protocol + "/userinfo",
            protocol + "/certs",
            protocol + "/logout",
            protocol + "/ext/ciba/auth",
            sandbox.BaseAddress + "/sandbox",
            [.. sandbox.Directory.Clients.Select(c => new ClientEntry(c.ClientId, c.Secret, c.Ciba, c.RedirectUris))]);
    }
}

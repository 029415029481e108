namespace OpenMss.Conformance.Lps;

/// <summary>The two MOTCO2 profiles: BAL PER/ORG reached with a PSC token, BAL APP reached with an AUTH_CLI certificate.</summary>
public enum LpsProfile
{
    PerOrg,
    App,
}

public static class LpsProfiles
{
    public static string Name(this LpsProfile profile) => profile == LpsProfile.PerOrg ? "per-org" : "app";

    public static LpsProfile? Parse(string text) => text switch
    {
        "per-org" => LpsProfile.PerOrg,
        "app" => LpsProfile.App,
        _ => null,
    };
}

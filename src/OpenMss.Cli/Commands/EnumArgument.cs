using System.CommandLine.Parsing;

namespace OpenMss.Cli.Commands;

/// <summary>Parses an enum value case-insensitively with a one-sentence error naming the accepted words.</summary>
internal static class EnumArgument
{
    public static string HelpName<T>(bool upperCase)
        where T : struct, Enum => string.Join('|', Enum.GetNames<T>().Select(n => upperCase ? n.ToUpperInvariant() : n.ToLowerInvariant()));

    public static T Parse<T>(ArgumentResult result, string what, bool upperCase)
        where T : struct, Enum
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Enum.TryParse<T>(token, ignoreCase: true, out var value) && Enum.IsDefined(value) && !token.Any(char.IsDigit))
        {
            return value;
        }

        result.AddError($"'{token}' is not {what}: use one of {HelpName<T>(upperCase).Replace("|", ", ", StringComparison.Ordinal)}.");
        return default;
    }
}

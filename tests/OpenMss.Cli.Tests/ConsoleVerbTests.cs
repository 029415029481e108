using OpenMss.OperatorConsole;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary><c>openmss console password-hash</c>: the password on standard input, its hash on standard output.</summary>
public sealed class ConsoleVerbTests
{
    private static Task<ProcessRunner.Result> HashAsync(string password) =>
        ProcessRunner.RunAsync("bash", ["-c", "printf '%s\\n' \"$PASSWORD\" | \"$OPENMSS\" console password-hash"], Repository.Root,
            environment: new Dictionary<string, string> { ["PASSWORD"] = password, ["OPENMSS"] = Repository.Wrapper });

    [Fact]
    public async Task The_hash_printed_verifies_the_password_read_on_standard_input()
    {
        var result = await HashAsync("correct horse battery staple");

        result.ExitCode.ShouldBe(0, result.Error);
        AdminPasswords.Verify("correct horse battery staple", result.Out.Trim()).ShouldBeTrue(result.Out);
        result.Out.ShouldNotContain("correct horse");
    }

    [Fact]
    public async Task A_short_password_is_refused_in_one_sentence()
    {
        var result = await HashAsync("short");

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldBe("Give a password of at least 12 characters on standard input.");
        result.Out.ShouldBeEmpty();
    }
}

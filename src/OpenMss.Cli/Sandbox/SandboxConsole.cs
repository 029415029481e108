using System.Globalization;
using System.Security.Cryptography;
using OpenMss.Operator.Hosting;
using OpenMss.OperatorConsole;
using OpenMss.Sandbox;

namespace OpenMss.Cli.Sandbox;

/// <summary>
/// The sandbox's operator consoles: one administrator, <see cref="User"/>, whose random password is made once per
/// sandbox directory (DIR/console-password, owner-only) and given in sandbox.json; reports kept in DIR/conformance.
/// </summary>
internal sealed class SandboxConsole
{
    public const string User = "admin";
    private const string PasswordFile = "console-password";

    private readonly string _hash;

    private SandboxConsole(string password)
    {
        Password = password;
        _hash = AdminPasswords.Hash(password);
    }

    public string Password { get; }

    public static string Url(SandboxOperator member, ListenerPorts ports) =>
        $"https://{member.Address}:{ports.Console.ToString(CultureInfo.InvariantCulture)}/";

    public static string ReportsDirectory(string root) => Path.Combine(root, "conformance");

    public static SandboxConsole Prepare(string root)
    {
        var path = Path.Combine(root, PasswordFile);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            File.WriteAllText(path, fresh);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Directory.CreateDirectory(ReportsDirectory(root));
        return new SandboxConsole(File.ReadAllText(path).Trim());
    }

    /// <summary>The operator's console settings (its address is the operator's admin address).</summary>
    public string[] Settings(string root) => [$"--Console:Admins:{User}={_hash}", $"--Console:ReportsDirectory={ReportsDirectory(root)}"];
}

using System.Net;
using System.Security.Cryptography;
using OpenMss.Operator.Backup;

namespace OpenMss.Cli.Sandbox;

/// <summary>
/// The backup way in of operator A, whose BALs the sandbox's webmail serves: a key made once per sandbox directory
/// (DIR/backup-key, owner-only) that A's fronts and the webmail's backup authority share, and the webmail's address.
/// </summary>
internal sealed record SandboxBackup(BackupOptions Options)
{
    private const string KeyFile = "backup-key";

    public static SandboxBackup Prepare(string root)
    {
        var path = Path.Combine(root, KeyFile);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new SandboxBackup(new BackupOptions(Convert.FromBase64String(File.ReadAllText(path).Trim()), new HashSet<IPAddress> { IPAddress.Loopback }));
    }

    public string[] Settings => [$"--Backup:Key={Convert.ToBase64String(Options.Key)}", "--Backup:WebmailAddresses:0=127.0.0.1"];
}

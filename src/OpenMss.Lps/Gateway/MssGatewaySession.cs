using System.Text.Json;

namespace OpenMss.Lps.Gateway;

/// <summary>
/// What an installation keeps after pairing with the editor's intermediate server: the session handle (a secret: it
/// obtains the professional's access tokens), the installation's name it is bound to, and whose session it is.
/// </summary>
public sealed class MssGatewaySession
{
    /// <summary>A paired session.</summary>
    public MssGatewaySession(Uri gateway, string installation, string handle, string idNat)
    {
        Gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        Installation = installation ?? throw new ArgumentNullException(nameof(installation));
        Handle = handle ?? throw new ArgumentNullException(nameof(handle));
        IdNat = idNat ?? "";
    }

    /// <summary>The intermediate server.</summary>
    public Uri Gateway { get; }

    /// <summary>The installation the handle was paired for.</summary>
    public string Installation { get; }

    /// <summary>The handle; never log it.</summary>
    public string Handle { get; }

    /// <summary>The professional's national id.</summary>
    public string IdNat { get; }

    /// <summary>Writes the session to <paramref name="path"/>, readable by its owner only (the file <c>--gateway-session</c> takes).</summary>
    public void Save(string path)
    {
        var json = JsonSerializer.Serialize(new Stored { Gateway = Gateway.ToString(), Installation = Installation, Handle = Handle, IdNat = IdNat });
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
#if NET
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
#endif
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }

    /// <summary>Reads a session written by <see cref="Save"/>.</summary>
    /// <exception cref="MssConfigurationException">The file is not a gateway session.</exception>
    public static MssGatewaySession Load(string path)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path));
            if (stored?.Gateway is null || stored.Installation is null || stored.Handle is null)
            {
                throw new JsonException("fields are missing");
            }

            return new MssGatewaySession(new Uri(stored.Gateway), stored.Installation, stored.Handle, stored.IdNat ?? "");
        }
        catch (Exception e) when (e is JsonException or UriFormatException)
        {
            throw new MssConfigurationException($"{path} is not a gateway session file: {e.Message}", null, e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"MssGatewaySession({Installation}, {IdNat}, handle hidden)";

    private sealed class Stored
    {
        public string? Gateway { get; set; }

        public string? Installation { get; set; }

        public string? Handle { get; set; }

        public string? IdNat { get; set; }
    }
}

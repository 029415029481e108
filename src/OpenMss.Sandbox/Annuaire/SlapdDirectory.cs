using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// The Annuaire's LDAP side (spec §7.2) on a real OpenLDAP <c>slapd</c>: base <c>ou=bal,o=mssante,c=fr</c>, anonymous
/// read, at most 100 entries and 60 seconds per search (slapd's own sizelimit and timelimit, so a client meets the
/// real server's answers). Entries are inetOrgPerson, one per published PER, ORG or CAB BAL, attributes mapped from
/// the extraction's columns (spec §13 #9; docs/annuaire.md). The stand-in writes them as the directory manager after
/// each declaration, before answering it, so a declared BAL is searchable once its operator has its 200.
/// </summary>
public sealed class SlapdDirectory : IAsyncDisposable
{
    public const string Suffix = "o=mssante,c=fr";
    public const string Base = "ou=bal,o=mssante,c=fr";
    public const int SizeLimit = 100;
    public const int TimeLimitSeconds = 60;
    public const string SlapdPath = "/usr/sbin/slapd";
    private const string Manager = "cn=admin," + Suffix;

    private readonly Process _slapd;
    private readonly LdapConnection _connection;
    private readonly SemaphoreSlim _writing = new(1, 1);

    private SlapdDirectory(Process slapd, LdapConnection connection, int port)
    {
        _slapd = slapd;
        _connection = connection;
        Url = $"ldap://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public string Url { get; }

    /// <summary>Why LDAP cannot run here, or null when slapd is installed.</summary>
    public static string? Unavailable() =>
        File.Exists(SlapdPath) ? null : "slapd is not installed: add it with 'apt-get install slapd ldap-utils' (Debian) to serve the Annuaire over LDAP.";

    public static async Task<SlapdDirectory> StartAsync(string directory, int port, CancellationToken cancellationToken)
    {
        var data = Path.Combine(directory, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true); // rebuilt from the declarations at each start
        }

        Directory.CreateDirectory(data);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var configuration = Path.Combine(directory, "slapd.conf");
        await File.WriteAllTextAsync(configuration, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            pidfile {Path.Combine(directory, "slapd.pid")}
            modulepath /usr/lib/ldap
            moduleload back_mdb
            sizelimit {SizeLimit}
            timelimit {TimeLimitSeconds}
            database mdb
            suffix "{Suffix}"
            rootdn "{Manager}"
            rootpw {password}
            directory {data}
            maxsize 268435456
            index objectClass eq
            index mail,cn,sn,givenName,title,departmentNumber eq,sub
            access to * by * read
            """, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(configuration, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the manager's password
        }

        var start = new ProcessStartInfo(SlapdPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", configuration, "-h", $"ldap://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/", "-d", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        var slapd = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start.");
        slapd.BeginErrorReadLine();
        slapd.BeginOutputReadLine();
        try
        {
            await WaitForPortAsync(slapd, port, cancellationToken);
            var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", port), new NetworkCredential(Manager, password), AuthType.Basic);
            connection.SessionOptions.ProtocolVersion = 3;
            connection.Bind();
            connection.SendRequest(new AddRequest(Suffix, new DirectoryAttribute("objectClass", "organization"), new DirectoryAttribute("o", "mssante")));
            connection.SendRequest(new AddRequest(Base, new DirectoryAttribute("objectClass", "organizationalUnit"), new DirectoryAttribute("ou", "bal")));
            return new SlapdDirectory(slapd, connection, port);
        }
        catch
        {
            slapd.Kill(entireProcessTree: true);
            slapd.Dispose();
            throw;
        }
    }

    /// <summary>Makes the directory hold exactly the published BALs: adds the new, removes the withdrawn.</summary>
    public async Task SyncAsync(IReadOnlyList<PublishedBal> published, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var wanted = published.Where(b => b.Type is "PER" or "ORG" or "CAB").ToDictionary(b => Dn(b.Address), StringComparer.OrdinalIgnoreCase);
            var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var search = new SearchRequest(Base, "(objectClass=inetOrgPerson)", SearchScope.OneLevel, "mail");
            foreach (SearchResultEntry entry in ((SearchResponse)_connection.SendRequest(search)).Entries)
            {
                present.Add(entry.DistinguishedName);
            }

            foreach (var dn in present.Where(dn => !wanted.ContainsKey(dn)))
            {
                _connection.SendRequest(new DeleteRequest(dn));
            }

            foreach (var (dn, bal) in wanted.Where(w => !present.Contains(w.Key)))
            {
                _connection.SendRequest(new AddRequest(dn, [.. Attributes(bal)]));
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The entry of a BAL (inetOrgPerson; docs/annuaire.md has the mapping).</summary>
    public static IEnumerable<DirectoryAttribute> Attributes(PublishedBal bal)
    {
        var h = bal.Holder;
        var person = bal.Type is "PER" or "CAB";
        yield return new DirectoryAttribute("objectClass", "inetOrgPerson");
        yield return new DirectoryAttribute("mail", bal.Address);
        yield return new DirectoryAttribute("cn", person ? h.DisplayName : h.StructureName);
        yield return new DirectoryAttribute("sn", person ? h.FamilyName! : h.StructureName);
        yield return new DirectoryAttribute("displayName", person ? $"{h.Civility} {h.GivenName} {h.FamilyName}" : h.StructureName);
        if (person)
        {
            yield return new DirectoryAttribute("givenName", h.GivenName!);
            yield return new DirectoryAttribute("title", h.Profession!);
        }

        yield return new DirectoryAttribute("businessCategory", bal.Type);
        yield return new DirectoryAttribute("employeeNumber", h.Id);
        yield return new DirectoryAttribute("o", h.StructureName);
        yield return new DirectoryAttribute("street", h.Street);
        yield return new DirectoryAttribute("postalCode", h.PostalCode);
        yield return new DirectoryAttribute("l", h.City);
        yield return new DirectoryAttribute("departmentNumber", h.Department);
    }

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        if (!_slapd.HasExited)
        {
            _slapd.Kill(entireProcessTree: true);
            await _slapd.WaitForExitAsync();
        }

        _slapd.Dispose();
        _writing.Dispose();
    }

    /// <summary>RFC 4514: the mail RDN with its special characters escaped.</summary>
    private static string Dn(string address)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (var c in address)
        {
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '=')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return $"mail={escaped},{Base}";
    }

    private static async Task WaitForPortAsync(Process slapd, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (slapd.HasExited)
            {
                throw new InvalidOperationException($"slapd stopped at start (exit {slapd.ExitCode}); is port {port} free?");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}

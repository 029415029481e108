using System.DirectoryServices.Protocols;
using System.Text;

namespace OpenMss.Lps.Annuaire;

/// <summary>
/// Searches the Annuaire over LDAP (spec §7.2: <c>ldap://ldap.annuaire.mssante.fr</c>, base
/// <c>ou=bal,o=mssante,c=fr</c>), anonymously. The server stops at 100 entries and one minute: its "size limit
/// exceeded" comes back as <see cref="AnnuaireSearchResult.MustRefine"/> with the entries it sent. Attribute names
/// follow OpenMSS's documented mapping (docs/annuaire.md) and can be changed where a directory differs.
/// </summary>
public sealed class LdapAnnuaireSearch : IAnnuaireSearch
{
    /// <summary>The base of MSSanté BALs in the Annuaire's LDAP.</summary>
    public const string DefaultBase = "ou=bal,o=mssante,c=fr";

    private readonly string _host;
    private readonly int _port;

    /// <summary>A search of the directory at <paramref name="host"/>:<paramref name="port"/> under <paramref name="baseDn"/>.</summary>
    public LdapAnnuaireSearch(string host, int port = 389, string baseDn = DefaultBase)
    {
        _host = host;
        _port = port;
        BaseDn = baseDn;
    }

    /// <summary>From <c>ldap://host[:port]</c>, as sandbox.json gives it.</summary>
    public static LdapAnnuaireSearch FromUrl(string url, string baseDn = DefaultBase)
    {
        var uri = new Uri(url);
        if (uri.Scheme != "ldap")
        {
            throw new ArgumentException($"'{url}' is not an ldap:// URL.", nameof(url));
        }

        return new LdapAnnuaireSearch(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 389 : uri.Port, baseDn);
    }

    /// <summary>Where BALs are searched.</summary>
    public string BaseDn { get; }

    /// <summary>How long to wait for the server (it stops a search at one minute itself).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(70);

    /// <summary>The attribute the name is searched in.</summary>
    public string NameAttribute { get; set; } = "sn";

    /// <summary>The attribute the first name is searched in.</summary>
    public string GivenNameAttribute { get; set; } = "givenName";

    /// <summary>The attribute the profession is searched in.</summary>
    public string ProfessionAttribute { get; set; } = "title";

    /// <summary>The attribute the département is searched in.</summary>
    public string DepartmentAttribute { get; set; } = "departmentNumber";

    /// <inheritdoc/>
    public async Task<AnnuaireSearchResult> SearchAsync(AnnuaireQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Check();
        var filter = new StringBuilder("(&(objectClass=inetOrgPerson)");
        Add(filter, NameAttribute, query.Name, prefix: true);
        Add(filter, GivenNameAttribute, query.GivenName, prefix: true);
        Add(filter, ProfessionAttribute, query.Profession, prefix: true);
        Add(filter, DepartmentAttribute, query.Department, prefix: false);
        filter.Append(')');

        var request = new SearchRequest(BaseDn, filter.ToString(), SearchScope.OneLevel,
            "mail", "cn", "displayName", "sn", "givenName", "title", "o", "postalCode", "l", "departmentNumber", "businessCategory")
        {
            SizeLimit = 100,
            TimeLimit = TimeSpan.FromSeconds(60),
        };
        return await Task.Run(() => Send(request), cancellationToken).ConfigureAwait(false);
    }

    private AnnuaireSearchResult Send(SearchRequest request)
    {
        using var connection = new LdapConnection(new LdapDirectoryIdentifier(_host, _port), null, AuthType.Anonymous);
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Timeout = Timeout;
        try
        {
            var response = (SearchResponse)connection.SendRequest(request);
            return new AnnuaireSearchResult(Read(response), mustRefine: false);
        }
        catch (DirectoryOperationException e) when (e.Response is SearchResponse partial
            && e.Response.ResultCode is ResultCode.SizeLimitExceeded or ResultCode.TimeLimitExceeded or ResultCode.AdminLimitExceeded)
        {
            return new AnnuaireSearchResult(Read(partial), mustRefine: true);
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            throw new AnnuaireUnavailableException($"The Annuaire at ldap://{_host}:{_port} did not answer the search: {e.Message}", e);
        }
    }

    private static List<AnnuaireEntry> Read(SearchResponse response)
    {
        var entries = new List<AnnuaireEntry>();
        foreach (SearchResultEntry entry in response.Entries)
        {
            if (Value(entry, "mail") is not { } mail)
            {
                continue;
            }

            entries.Add(new AnnuaireEntry(mail, Value(entry, "displayName") ?? Value(entry, "cn") ?? mail)
            {
                BalType = Value(entry, "businessCategory"),
                FamilyName = Value(entry, "sn"),
                GivenName = Value(entry, "givenName"),
                Profession = Value(entry, "title"),
                Organization = Value(entry, "o"),
                PostalCode = Value(entry, "postalCode"),
                City = Value(entry, "l"),
                Department = Value(entry, "departmentNumber"),
            });
        }

        return entries;
    }

    private static string? Value(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) && entry.Attributes[attribute].GetValues(typeof(string)) is { Length: > 0 } values ? (string)values[0] : null;

    private static void Add(StringBuilder filter, string attribute, string? value, bool prefix)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        filter.Append('(').Append(attribute).Append('=').Append(Escape(value!.Trim())).Append(prefix ? "*)" : ")");
    }

    /// <summary>RFC 4515 §3: what a user types can never change the filter's shape.</summary>
    internal static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => escaped.Append("\\2a"),
                '(' => escaped.Append("\\28"),
                ')' => escaped.Append("\\29"),
                '\\' => escaped.Append("\\5c"),
                '\0' => escaped.Append("\\00"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}

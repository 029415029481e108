using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

internal sealed class RelationalDirectoryStore(SqlDialect dialect) : IDirectoryStore
{
    private const string BalColumns = "id, address, type, holder, status, liste_rouge, created, quota_storage, quota_messages";

    public async Task<OperatorDomain> AddDomainAsync(string name, DateTimeOffset created, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        try
        {
            await Sql.ExecuteAsync(transaction, "INSERT INTO domains (name, created) VALUES (@n, @c)", cancellationToken, ("@n", name), ("@c", dialect.TimeValue(created)));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new StoreException(StoreError.AlreadyExists, $"The domain {name} exists already.", e);
        }

        await transaction.CommitAsync(cancellationToken);
        return new OperatorDomain(name, created);
    }

    public async Task<IReadOnlyList<OperatorDomain>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, null, "SELECT name, created FROM domains ORDER BY name", ReadDomain, cancellationToken);
    }

    public async Task<OperatorDomain?> FindDomainAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = await Sql.ListAsync(connection, null, "SELECT name, created FROM domains WHERE name = @n", ReadDomain, cancellationToken, ("@n", name));
        return rows.SingleOrDefault();
    }

    public async Task<Bal> AddBalAsync(NewBal bal, IReadOnlyList<NewFolder> folders, CancellationToken cancellationToken)
    {
        var domain = bal.Address[(bal.Address.LastIndexOf('@') + 1)..];
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await Sql.ScalarAsync<long?>(connection, transaction, "SELECT 1 FROM domains WHERE name = @d", cancellationToken, ("@d", domain)) is null)
        {
            throw new StoreException(StoreError.NotFound, $"The domain {domain} is not hosted here.");
        }

        long id;
        try
        {
            id = await Sql.ScalarAsync<long>(
                connection,
                transaction,
                "INSERT INTO bals (address, domain, type, holder, status, liste_rouge, created) VALUES (@a, @d, @t, @h, @s, @l, @c) RETURNING id",
                cancellationToken,
                ("@a", bal.Address),
                ("@d", domain),
                ("@t", Names.Of(bal.Type)),
                ("@h", bal.Holder),
                ("@s", Names.Of(BalStatus.Active)),
                ("@l", bal.ListeRouge),
                ("@c", dialect.TimeValue(bal.Created)));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new StoreException(StoreError.AlreadyExists, $"The BAL {bal.Address} exists already.", e);
        }

        var position = 0;
        foreach (var idNat in bal.AuthorizedIdNats.Distinct(StringComparer.Ordinal))
        {
            await Sql.ExecuteAsync(transaction, "INSERT INTO bal_authorized_users (bal_id, idnat, position) VALUES (@b, @i, @p)", cancellationToken, ("@b", id), ("@i", idNat), ("@p", position++));
        }

        foreach (var folder in folders)
        {
            await FolderRows.InsertAsync(dialect, transaction, id, folder, cancellationToken);
        }

        await RelationalAnnuaireOutbox.EnqueueAsync(dialect, transaction, bal.Address, bal.Type, bal.Holder, BalChange.Created, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindBalAsync(bal.Address, cancellationToken))!;
    }

    public async Task<Bal?> GetBalAsync(long id, CancellationToken cancellationToken) =>
        (await LoadBalsAsync("WHERE id = @i", [("@i", id)], cancellationToken)).SingleOrDefault();

    public async Task<Bal?> FindBalAsync(string address, CancellationToken cancellationToken)
    {
        var bals = await LoadBalsAsync("WHERE address = @a", [("@a", address)], cancellationToken);
        return bals.SingleOrDefault();
    }

    public Task<IReadOnlyList<Bal>> ListBalsAsync(string? domain, CancellationToken cancellationToken) =>
        domain is null
            ? LoadBalsAsync("", [], cancellationToken)
            : LoadBalsAsync("WHERE domain = @d", [("@d", domain)], cancellationToken);

    public async Task<BalPage> ListBalsPageAsync(string? domain, string? search, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (domain is not null)
        {
            conditions.Add("domain = @d");
            parameters.Add(("@d", domain));
        }

        if (!string.IsNullOrEmpty(search))
        {
            // LIKE with its wildcards escaped: the search is a substring, never a pattern.
            conditions.Add(@"(address LIKE @qa ESCAPE '\' OR holder LIKE @qh ESCAPE '\')");
            parameters.Add(("@qa", "%" + EscapeLike(search.ToLowerInvariant()) + "%"));
            parameters.Add(("@qh", "%" + EscapeLike(search) + "%"));
        }

        var filter = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var total = await Sql.ListAsync(connection, null, $"SELECT COUNT(*) FROM bals {filter}", r => r.GetInt64(0), cancellationToken, [.. parameters]);
        var bals = await LoadBalsAsync($"WHERE id IN (SELECT id FROM bals {filter} ORDER BY address LIMIT @l OFFSET @o)", [.. parameters, ("@l", limit), ("@o", offset)], cancellationToken);
        return new BalPage(bals, (int)total.Single());
    }

    public async Task<IReadOnlyDictionary<string, int>> CountBalsByDomainAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var counts = await Sql.ListAsync(connection, null, "SELECT domain, COUNT(*) FROM bals GROUP BY domain", r => (Domain: r.GetString(0), Count: (int)r.GetInt64(1)), cancellationToken);
        return counts.ToDictionary(c => c.Domain, c => c.Count, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Bal>> ListBalsNamingAsync(string idNat, CancellationToken cancellationToken) =>
        LoadBalsAsync("WHERE holder = @i OR id IN (SELECT bal_id FROM bal_authorized_users WHERE idnat = @i)", [("@i", idNat)], cancellationToken);

    public async Task<Bal> SetBalStatusAsync(string address, BalStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await Sql.ExecuteAsync(transaction, "UPDATE bals SET status = @s, inactivity_unpublished = @no WHERE address = @a", cancellationToken, ("@s", Names.Of(status)), ("@no", false), ("@a", address));
        if (!await DeclareAsync(transaction, "address = @a", [("@a", address)], BalChange.Status, cancellationToken))
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL {address}.");
        }

        await transaction.CommitAsync(cancellationToken);
        return (await FindBalAsync(address, cancellationToken))!;
    }

    public Task<Bal> SetListeRougeAsync(string address, bool listeRouge, CancellationToken cancellationToken) =>
        ChangeAsync(address, transaction => Sql.ExecuteAsync(transaction, "UPDATE bals SET liste_rouge = @l WHERE address = @a", cancellationToken, ("@l", listeRouge), ("@a", address)), cancellationToken);

    /// <summary>Quota limits are the operator's business, not the Annuaire's: nothing is declared.</summary>
    public async Task<Bal> SetQuotaAsync(string address, BalQuota quota, CancellationToken cancellationToken)
    {
        if (quota.StorageBytes < 0 || quota.Messages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quota), "A quota limit is 0 (none) or more.");
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await Sql.ExecuteAsync(
            transaction, "UPDATE bals SET quota_storage = @s, quota_messages = @m WHERE address = @a", cancellationToken, ("@s", quota.StorageBytes), ("@m", quota.Messages), ("@a", address));
        if (changed == 0)
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL {address}.");
        }

        await transaction.CommitAsync(cancellationToken);
        return (await FindBalAsync(address, cancellationToken))!;
    }

    public Task<Bal> SetAuthorizedUsersAsync(string address, IReadOnlyList<string> idNats, CancellationToken cancellationToken) =>
        ChangeAsync(
            address,
            async transaction =>
            {
                var id = await Sql.ScalarAsync<long>(transaction.Connection!, transaction, "SELECT id FROM bals WHERE address = @a", cancellationToken, ("@a", address));
                await Sql.ExecuteAsync(transaction, "DELETE FROM bal_authorized_users WHERE bal_id = @b", cancellationToken, ("@b", id));
                var position = 0;
                foreach (var idNat in idNats.Distinct(StringComparer.Ordinal))
                {
                    await Sql.ExecuteAsync(transaction, "INSERT INTO bal_authorized_users (bal_id, idnat, position) VALUES (@b, @i, @p)", cancellationToken, ("@b", id), ("@i", idNat), ("@p", position++));
                }
            },
            cancellationToken);

    /// <summary>Applies a change to an existing BAL and queues its declaration, in one transaction.</summary>
    private async Task<Bal> ChangeAsync(string address, Func<DbTransaction, Task> change, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await Sql.ScalarAsync<long?>(connection, transaction, "SELECT id FROM bals WHERE address = @a", cancellationToken, ("@a", address)) is null)
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL {address}.");
        }

        await change(transaction);
        await DeclareAsync(transaction, "address = @a", [("@a", address)], BalChange.Changed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindBalAsync(address, cancellationToken))!;
    }

    /// <summary>Queues the declaration of the BALs matching <paramref name="where"/> (over <c>bals</c>) in the caller's transaction; false when none matched.</summary>
    private async Task<bool> DeclareAsync(DbTransaction transaction, string where, (string, object?)[] parameters, BalChange change, CancellationToken cancellationToken)
    {
        var rows = await Sql.ListAsync(
            transaction.Connection!, transaction, $"SELECT address, type, holder FROM bals WHERE {where}", r => (r.GetString(0), Names.ToBalType(r.GetString(1)), r.GetString(2)), cancellationToken, parameters);
        foreach (var (address, type, holder) in rows)
        {
            await RelationalAnnuaireOutbox.EnqueueAsync(dialect, transaction, address, type, holder, change, cancellationToken);
        }

        return rows.Count > 0;
    }

    public async Task DeleteBalAsync(string address, CancellationToken cancellationToken)
    {
        if (!await DeleteAsync("b.address = @a", "address = @a", [("@a", address)], cancellationToken))
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL {address}.");
        }
    }

    public async Task<bool> RecordAuthenticationAsync(long balId, AuthFront front, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await Sql.ScalarAsync<long?>(connection, transaction, "SELECT 1 FROM bals WHERE id = @b", cancellationToken, ("@b", balId)) is null)
        {
            throw new StoreException(StoreError.NotFound, $"There is no BAL with id {balId}.");
        }

        var republished = await RecordSuccessAsync(transaction, balId, front, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return republished;
    }

    public async Task<IReadOnlyList<long>> RecordAuthenticationsAsync(IReadOnlyList<AuthenticationRecord> records, CancellationToken cancellationToken)
    {
        var republished = new List<long>();
        if (records.Count == 0)
        {
            return republished;
        }

        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        foreach (var record in records)
        {
            await RelationalAuditTrail.InsertAsync(dialect, transaction, record.Audit, cancellationToken);

            if (record.BalId is { } balId
                && await Sql.ScalarAsync<long?>(connection, transaction, "SELECT 1 FROM bals WHERE id = @b", cancellationToken, ("@b", balId)) is not null
                && await RecordSuccessAsync(transaction, balId, record.Front, record.Audit.At, cancellationToken))
            {
                republished.Add(balId);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return republished;
    }

    /// <summary>The last authentication on the front (latest wins), and the end of the BAL's inactivity.</summary>
    private async Task<bool> RecordSuccessAsync(DbTransaction transaction, long balId, AuthFront front, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(
            transaction,
            "INSERT INTO bal_last_authentications (bal_id, front, at) VALUES (@b, @f, @t) " +
            "ON CONFLICT (bal_id, front) DO UPDATE SET at = excluded.at WHERE excluded.at > bal_last_authentications.at",
            cancellationToken,
            ("@b", balId),
            ("@f", Names.Of(front)),
            ("@t", dialect.TimeValue(at)));
        var republished = await Sql.ExecuteAsync(
            transaction,
            "UPDATE bals SET status = 'active', inactivity_unpublished = @no WHERE id = @b AND status = 'unpublished' AND inactivity_unpublished = @yes",
            cancellationToken,
            ("@b", balId),
            ("@no", false),
            ("@yes", true));
        await Sql.ExecuteAsync(transaction, "UPDATE bals SET deletion_notice_days = NULL, deletion_notice_at = NULL WHERE id = @b AND deletion_notice_days IS NOT NULL", cancellationToken, ("@b", balId));
        if (republished > 0)
        {
            await DeclareAsync(transaction, "id = @b", [("@b", balId)], BalChange.Republished, cancellationToken);
        }

        return republished > 0;
    }

    public async IAsyncEnumerable<BalActivity> StreamActivityAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = Sql.StreamAsync(
            connection,
            "SELECT b.id, b.address, b.type, b.holder, b.status, b.liste_rouge, b.created, " +
            "(SELECT MAX(a.at) FROM bal_last_authentications a WHERE a.bal_id = b.id), b.inactivity_unpublished, b.deletion_notice_days, b.deletion_notice_at " +
            "FROM bals b ORDER BY b.id",
            r => new BalActivity(
                r.GetInt64(0), r.GetString(1), Names.ToBalType(r.GetString(2)), r.GetString(3), Names.ToBalStatus(r.GetString(4)), r.GetBoolean(5),
                dialect.ReadTime(r, 6), r.IsDBNull(7) ? null : dialect.ReadTime(r, 7), r.GetBoolean(8), r.IsDBNull(9) ? null : r.GetInt32(9), r.IsDBNull(10) ? null : dialect.ReadTime(r, 10)),
            cancellationToken);
        await foreach (var row in rows)
        {
            yield return row;
        }
    }

    public Task<bool> UnpublishForInactivityAsync(long balId, DateTimeOffset lastActivity, CancellationToken cancellationToken) =>
        UpdateIfInactiveAsync(
            "status = 'unpublished', inactivity_unpublished = @yes", "status = 'active'", balId, lastActivity, BalChange.Unpublished, cancellationToken, ("@yes", true));

    public Task<bool> RecordDeletionNoticeAsync(long balId, int daysBeforeDeletion, DateTimeOffset at, DateTimeOffset lastActivity, CancellationToken cancellationToken) =>
        UpdateIfInactiveAsync(
            "deletion_notice_days = @d, deletion_notice_at = @at", "status <> 'deleted'", balId, lastActivity, null, cancellationToken,
            ("@d", daysBeforeDeletion), ("@at", dialect.TimeValue(at)));

    /// <summary>One lifecycle step: <paramref name="set"/> on a BAL in <paramref name="state"/> still inactive since the job read it, declared when <paramref name="change"/> says so.</summary>
    private async Task<bool> UpdateIfInactiveAsync(
        string set, string state, long balId, DateTimeOffset lastActivity, BalChange? change, CancellationToken cancellationToken, params (string, object?)[] values)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await Sql.ExecuteAsync(
            transaction,
            $"UPDATE bals SET {set} WHERE id = @b AND {state} AND {StillInactive("bals")}",
            cancellationToken,
            [("@b", balId), ("@last", dialect.TimeValue(lastActivity)), .. values]);
        if (changed > 0 && change is { } declared)
        {
            await DeclareAsync(transaction, "id = @b", [("@b", balId)], declared, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    public Task<bool> DeleteInactiveBalAsync(long balId, DateTimeOffset lastActivity, CancellationToken cancellationToken) =>
        DeleteAsync($"b.id = @b AND {StillInactive("b")}", $"id = @b AND {StillInactive("bals")}", [("@b", balId), ("@last", dialect.TimeValue(lastActivity))], cancellationToken);

    /// <summary>The lifecycle guard over a row of <c>bals</c> named <paramref name="alias"/>: nothing happened after @last.</summary>
    private static string StillInactive(string alias) =>
        $"{alias}.created <= @last AND NOT EXISTS (SELECT 1 FROM bal_last_authentications a WHERE a.bal_id = {alias}.id AND a.at > @last)";

    /// <summary>Deletes the BALs matching the conditions (over <c>bals b</c> joined to folders, and over <c>bals</c>), with their folders' watchers told.</summary>
    private async Task<bool> DeleteAsync(string joinedWhere, string where, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var folderIds = await Sql.ListAsync(
            connection, transaction, $"SELECT f.id FROM folders f JOIN bals b ON b.id = f.bal_id WHERE {joinedWhere}", r => r.GetInt64(0), cancellationToken, parameters);
        if (!await DeclareAsync(transaction, where, parameters, BalChange.Deleted, cancellationToken))
        {
            return false;
        }

        await Sql.ExecuteAsync(transaction, $"DELETE FROM bals WHERE {where}", cancellationToken, parameters);

        await dialect.CommitAsync(transaction, [.. folderIds.Select(id => new FolderChange(id, 0))], cancellationToken);
        return true;
    }

    /// <summary>Loads the BALs matching a WHERE clause over <c>bals</c>, with their users and logins in two more queries.</summary>
    private async Task<IReadOnlyList<Bal>> LoadBalsAsync(string where, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        var rows = await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT {BalColumns} FROM bals {where} ORDER BY address",
            r => (Id: r.GetInt64(0), Address: r.GetString(1), Type: Names.ToBalType(r.GetString(2)), Holder: r.GetString(3),
                  Status: Names.ToBalStatus(r.GetString(4)), ListeRouge: r.GetBoolean(5), Created: dialect.ReadTime(r, 6),
                  Quota: new BalQuota(r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8))),
            cancellationToken,
            parameters);
        if (rows.Count == 0)
        {
            return [];
        }

        var users = (await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT bal_id, idnat FROM bal_authorized_users WHERE bal_id IN (SELECT id FROM bals {where}) ORDER BY bal_id, position",
            r => (BalId: r.GetInt64(0), IdNat: r.GetString(1)),
            cancellationToken,
            parameters)).ToLookup(u => u.BalId, u => u.IdNat);
        var logins = (await Sql.ListAsync(
            connection,
            transaction,
            $"SELECT bal_id, front, at FROM bal_last_authentications WHERE bal_id IN (SELECT id FROM bals {where})",
            r => (BalId: r.GetInt64(0), Front: Names.ToAuthFront(r.GetString(1)), At: dialect.ReadTime(r, 2)),
            cancellationToken,
            parameters)).ToLookup(l => l.BalId);
        return [.. rows.Select(r => new Bal(
            r.Id, r.Address, r.Type, r.Holder, [.. users[r.Id]], r.Status, r.ListeRouge, r.Created,
            logins[r.Id].ToDictionary(l => l.Front, l => l.At), r.Quota))];
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private OperatorDomain ReadDomain(DbDataReader reader) => new(reader.GetString(0), dialect.ReadTime(reader, 1));
}

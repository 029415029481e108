using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

/// <summary>The LPS intermediate server's sessions: found by handle, refreshed by one node at a time, ended for good.</summary>
public abstract partial class MailStoreContract
{
    private static readonly DateTimeOffset Paired = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static GatewaySession NewSession(string id, string idNat = "810001234567", string? psc = "sid-1") =>
        new(id, "hash-" + id, "installation-" + id, idNat, psc, [1, 2, 3], [4], [5, 6], Paired.AddMinutes(2), 0, Paired);

    [Fact]
    public async Task A_gateway_session_is_found_by_id_and_by_handle_with_its_protected_tokens()
    {
        await Store.GatewaySessions.AddAsync(NewSession("s1"), default);

        var found = (await Store.GatewaySessions.FindByHandleAsync("hash-s1", default)).ShouldNotBeNull();
        (found.Id, found.Installation, found.IdNat, found.PscSession, found.Version, found.IsEnded).ShouldBe(("s1", "installation-s1", "810001234567", "sid-1", 0L, false));
        found.RefreshToken.ShouldBe([1, 2, 3]);
        found.IdToken.ShouldBe([4]);
        found.AccessToken.ShouldBe([5, 6]);
        (found.AccessExpiresAt, found.CreatedAt).ShouldBe((Paired.AddMinutes(2), Paired));
        (await Store.GatewaySessions.FindAsync("s1", default)).ShouldNotBeNull();
        (await Store.GatewaySessions.FindByHandleAsync("hash-unknown", default)).ShouldBeNull();
        await Should.ThrowAsync<Exception>(() => Store.GatewaySessions.AddAsync(NewSession("s1") with { Id = "s2" }, default)); // one handle, one session
    }

    [Fact]
    public async Task One_node_refreshes_a_session_at_a_time_and_a_rotated_token_is_written_once()
    {
        await Store.GatewaySessions.AddAsync(NewSession("s1"), default);
        var sessions = Store.GatewaySessions;

        (await sessions.LeaseRefreshAsync("s1", "node-1", Paired, Paired.AddSeconds(30), default)).ShouldBeTrue();
        (await sessions.LeaseRefreshAsync("s1", "node-2", Paired.AddSeconds(10), Paired.AddSeconds(40), default)).ShouldBeFalse();
        var tokens = new GatewayTokens([7], null, [8], Paired.AddMinutes(4));
        (await sessions.StoreRefreshAsync("s1", 0, tokens, default)).ShouldBeTrue();
        (await sessions.StoreRefreshAsync("s1", 0, tokens with { RefreshToken = [9] }, default)).ShouldBeFalse("the version moved on: a second writer of the same rotation loses");

        var now = (await sessions.FindAsync("s1", default))!;
        (now.Version, now.AccessExpiresAt).ShouldBe((1L, Paired.AddMinutes(4)));
        (now.RefreshToken.Single(), now.IdToken!.Single(), now.AccessToken.Single()).ShouldBe(((byte)7, (byte)4, (byte)8), "the ID token is kept when a refresh brings none");
        (await sessions.LeaseRefreshAsync("s1", "node-2", Paired.AddSeconds(10), Paired.AddSeconds(40), default)).ShouldBeTrue("storing released the lease");
        await sessions.ReleaseRefreshAsync("s1", "node-2", default);
        (await sessions.LeaseRefreshAsync("s1", "node-3", Paired.AddSeconds(11), Paired.AddSeconds(41), default)).ShouldBeTrue();
        (await sessions.LeaseRefreshAsync("s1", "node-1", Paired.AddSeconds(42), Paired.AddSeconds(70), default)).ShouldBeTrue("an expired lease is taken over");
    }

    [Fact]
    public async Task Ended_sessions_stay_ended_are_listed_since_a_time_and_refresh_no_more()
    {
        await Store.GatewaySessions.AddAsync(NewSession("s1"), default);
        await Store.GatewaySessions.AddAsync(NewSession("s2", psc: "sid-2"), default);
        await Store.GatewaySessions.AddAsync(NewSession("s3", idNat: "810002345678", psc: "sid-3"), default);

        var byPsc = await Store.GatewaySessions.EndAsync(new GatewaySessionFilter(PscSession: "sid-2"), "psc-logout", Paired.AddMinutes(1), default);
        byPsc.ShouldHaveSingleItem().Id.ShouldBe("s2");
        (byPsc[0].EndedAt, byPsc[0].EndReason).ShouldBe((Paired.AddMinutes(1), "psc-logout"));
        var byIdNat = await Store.GatewaySessions.EndAsync(new GatewaySessionFilter(IdNat: "810001234567"), "revoked", Paired.AddMinutes(2), default);
        byIdNat.ShouldHaveSingleItem().Id.ShouldBe("s1", "s2 was already ended and keeps its first reason");

        (await Store.GatewaySessions.ListEndedSinceAsync(Paired.AddMinutes(1), default)).Select(s => (s.Id, s.EndReason)).ShouldBe([("s2", "psc-logout"), ("s1", "revoked")]);
        (await Store.GatewaySessions.ListEndedSinceAsync(Paired.AddMinutes(2), default)).Select(s => s.Id).ShouldBe(["s1"]);
        (await Store.GatewaySessions.ListLiveAsync(10, default)).Select(s => s.Id).ShouldBe(["s3"]);
        (await Store.GatewaySessions.LeaseRefreshAsync("s1", "node-1", Paired, Paired.AddSeconds(30), default)).ShouldBeFalse();
        (await Store.GatewaySessions.StoreRefreshAsync("s1", 0, new GatewayTokens([7], null, [8], Paired), default)).ShouldBeFalse();
        (await Store.GatewaySessions.EndAsync(new GatewaySessionFilter(Id: "s1"), "again", Paired.AddMinutes(3), default)).ShouldBeEmpty();
    }
}

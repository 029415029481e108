using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

/// <summary>WebAuthn security keys: several per professional, one owner per credential id, and a counter that must grow.</summary>
public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Security_keys_are_listed_per_professional_found_by_id_and_removed()
    {
        var keys = Store.SecurityKeys;
        (await keys.AddAsync(new SecurityKey([1, 1], "810001234567", [10], 0, Enrolled), default)).ShouldBeTrue();
        (await keys.AddAsync(new SecurityKey([2, 2], "810001234567", [20], 5, Enrolled.AddMinutes(1)), default)).ShouldBeTrue();
        (await keys.AddAsync(new SecurityKey([3, 3], "810002345678", [30], 0, Enrolled), default)).ShouldBeTrue();
        (await keys.AddAsync(new SecurityKey([1, 1], "810002345678", [99], 0, Enrolled), default)).ShouldBeFalse("a credential id belongs to one key");

        var listed = await keys.ListAsync("810001234567", default);
        listed.Select(k => k.CredentialId).ShouldBe([[1, 1], [2, 2]]);
        listed[1].PublicKey.ShouldBe([20]);
        (listed[1].SignCount, listed[1].Created).ShouldBe((5L, Enrolled.AddMinutes(1)));
        (await keys.FindAsync([1, 1], default))!.IdNat.ShouldBe("810001234567");
        (await keys.FindAsync([4], default)).ShouldBeNull();

        (await keys.DeleteAsync("810001234567", default)).ShouldBe(2);
        (await keys.ListAsync("810001234567", default)).ShouldBeEmpty();
        (await keys.FindAsync([3, 3], default)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_security_key_counter_must_grow_unless_the_key_keeps_none()
    {
        var keys = Store.SecurityKeys;
        await keys.AddAsync(new SecurityKey([1], "810001234567", [10], 5, Enrolled), default);
        await keys.AddAsync(new SecurityKey([2], "810001234567", [20], 0, Enrolled), default);

        (await keys.UseAsync([1], 6, default)).ShouldBeTrue();
        (await keys.UseAsync([1], 6, default)).ShouldBeFalse("the same counter again: a replay or a clone");
        (await keys.UseAsync([1], 3, default)).ShouldBeFalse();
        (await keys.UseAsync([1], 0, default)).ShouldBeFalse("a counter cannot fall back to none");
        (await keys.FindAsync([1], default))!.SignCount.ShouldBe(6);
        (await keys.UseAsync([2], 0, default)).ShouldBeTrue("a key that keeps no counter");
        (await keys.UseAsync([2], 0, default)).ShouldBeTrue();
        (await keys.UseAsync([9], 1, default)).ShouldBeFalse("no such key");
    }
}

using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

/// <summary>One-time-password enrolments: one per professional, replaced by a new one, and each time step used once.</summary>
public abstract partial class MailStoreContract
{
    private static readonly DateTimeOffset Enrolled = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_otp_enrolment_is_found_replaced_and_removed()
    {
        var otp = Store.OtpEnrolments;
        await otp.SaveAsync(new OtpEnrolment("810001234567", [1, 2, 3], Enrolled, 0), default);

        var found = (await otp.FindAsync("810001234567", default)).ShouldNotBeNull();
        (found.IdNat, found.Created, found.LastStep).ShouldBe(("810001234567", Enrolled, 0L));
        found.ProtectedSecret.ShouldBe([1, 2, 3]);
        (await otp.FindAsync("810002345678", default)).ShouldBeNull();

        await otp.SaveAsync(new OtpEnrolment("810001234567", [9], Enrolled.AddDays(1), 0), default);
        (await otp.FindAsync("810001234567", default))!.ProtectedSecret.ShouldBe([9], "a new authenticator replaces the old");

        (await otp.DeleteAsync("810001234567", default)).ShouldBeTrue();
        (await otp.DeleteAsync("810001234567", default)).ShouldBeFalse();
        (await otp.FindAsync("810001234567", default)).ShouldBeNull();
    }

    [Fact]
    public async Task A_time_step_is_used_once_and_never_an_earlier_one()
    {
        var otp = Store.OtpEnrolments;
        await otp.SaveAsync(new OtpEnrolment("810001234567", [1], Enrolled, 0), default);

        (await otp.UseStepAsync("810001234567", 59_000_000, default)).ShouldBeTrue();
        (await otp.UseStepAsync("810001234567", 59_000_000, default)).ShouldBeFalse("the same code again");
        (await otp.UseStepAsync("810001234567", 58_999_999, default)).ShouldBeFalse("an earlier code");
        (await otp.UseStepAsync("810001234567", 59_000_001, default)).ShouldBeTrue();
        (await otp.UseStepAsync("810002345678", 59_000_002, default)).ShouldBeFalse("no enrolment");
        (await otp.FindAsync("810001234567", default))!.LastStep.ShouldBe(59_000_001);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_step_succeed_once()
    {
        await Store.OtpEnrolments.SaveAsync(new OtpEnrolment("810001234567", [1], Enrolled, 0), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.OtpEnrolments.UseStepAsync("810001234567", 59_000_000, default))));

        results.Count(r => r).ShouldBe(1);
    }
}

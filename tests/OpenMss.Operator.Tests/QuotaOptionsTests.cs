using Microsoft.Extensions.Configuration;
using OpenMss.Operator.Quota;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Tests;

/// <summary>The operator's default quota and a BAL's own limits over it.</summary>
public sealed class QuotaOptionsTests
{
    private static QuotaOptions Read(params (string Key, string Value)[] settings) =>
        QuotaOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Defaults_apply_where_a_bal_has_no_limit_of_its_own()
    {
        Read().ShouldBe(new QuotaOptions { StorageMiB = 2048, Messages = 200_000 });
        var quotas = new BalQuotas(null!, Read(("Quota:StorageMiB", "10"), ("Quota:Messages", "0")));

        quotas.Effective(null).ShouldBe(new BalQuota(10L * 1024 * 1024, 0));
        quotas.Effective(new BalQuota(null, 5)).ShouldBe(new BalQuota(10L * 1024 * 1024, 5));
        quotas.Effective(new BalQuota(0, null)).ShouldBe(new BalQuota(0, 0));
    }

    [Fact]
    public void A_negative_limit_is_refused_with_one_sentence() =>
        Should.Throw<InvalidOperationException>(() => Read(("Quota:Messages", "-1"))).Message.ShouldBe("Quota:StorageMiB and Quota:Messages are 0 (no limit) or more.");
}

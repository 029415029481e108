using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;

namespace OpenMss.Lps.Bench;

/// <summary>Puts N BAL APP of the test structure in the sandbox's store before it starts (the sandbox adds its own accounts beside them).</summary>
internal static class Seeding
{
    public static async Task AppBalsAsync(string sandboxDirectory, int count)
    {
        await using var store = await StoreOpener.OpenAsync(StoreLocation.Embedded(Path.Combine(sandboxDirectory, "store")), CancellationToken.None);
        var admin = new BalAdministration(store, TimeProvider.System, "bench");
        await admin.AddDomainAsync("operateur-a.mssante.test", CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            await admin.AddBalAsync(new BalRequest(Address(i), OpenMss.Storage.Model.BalType.App, null, TestPki.DefaultClient.IdNatStruc, [], false), CancellationToken.None);
        }
    }

    public static string Address(int i) => $"app{i:D4}@operateur-a.mssante.test";
}

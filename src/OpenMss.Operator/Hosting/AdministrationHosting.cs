using Microsoft.Extensions.Configuration;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Annuaire;
using OpenMss.Operator.Mssante;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// BAL administration as configured: with the Annuaire (<c>Annuaire:Fhir</c>) it asks, before a PER BAL is created,
/// for the other BALs in its holder's name (MSS 17), and tells him with a copy to <c>Lifecycle:ContactAddress</c>.
/// </summary>
public static class AdministrationHosting
{
    public static Func<string, BalAdministration> Factory(IMailStore store, TimeProvider clock, IConfiguration configuration)
    {
        var existing = AnnuaireHosting.ExistingBals(configuration);
        var lifecycle = JobHosting.Lifecycle(configuration);
        var notices = new NoticeDelivery(store, lifecycle.ContactAddress, lifecycle.NoticeSender);
        return actor => new BalAdministration(store, clock, actor, existing, notices);
    }
}

using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Web;

/// <summary>
/// The BALs a professional may open with a PSC login: their own PER (or CAB) BALs, and the ORG BALs that authorise
/// them (spec §13 #5). The fronts decide again at each authentication; this only lists what to offer.
/// </summary>
internal sealed class OpenableBals(IDirectoryStore directory)
{
    public async Task<IReadOnlyList<Bal>> ForAsync(string idNat, CancellationToken cancellationToken) =>
        [.. (await directory.ListBalsNamingAsync(idNat, cancellationToken)).Where(b => b.Status != BalStatus.Deleted && Opens(b, idNat))];

    private static bool Opens(Bal bal, string idNat) => bal.Type switch
    {
        BalType.Per or BalType.Cab => bal.Holder == idNat,
        BalType.Org => bal.AuthorizedIdNats.Contains(idNat, StringComparer.Ordinal),
        _ => false,
    };
}

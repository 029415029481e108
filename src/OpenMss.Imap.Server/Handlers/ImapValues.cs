using System.Globalization;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>Values the handlers write or pass to the store: UID sets from UID lists, IMAP dates.</summary>
internal static class ImapValues
{
    public static UidSet ToUidSet(IEnumerable<uint> uids)
    {
        var ranges = new List<UidRange>();
        foreach (var uid in uids.Order())
        {
            if (ranges.Count > 0 && ranges[^1].Last + 1 == uid)
            {
                ranges[^1] = new UidRange(ranges[^1].First, uid);
            }
            else
            {
                ranges.Add(new UidRange(uid, uid));
            }
        }

        return new UidSet(ranges);
    }

    public static string InternalDate(DateTimeOffset date) =>
        "\"" + date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal) + "\"";
}

using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// NAMESPACE (RFC 2342): one personal namespace.
/// </summary>
internal static class NamespaceHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync($"* NAMESPACE ((\"\" \"{Folder.HierarchyDelimiter}\")) NIL NIL\r\n");
        await session.OkAsync(tag, "NAMESPACE completed.");
    }
}

using System.Globalization;
using System.Text;
using OpenMss.Operator.Mssante;

namespace OpenMss.Operator.Lifecycle;

/// <summary>
/// The message that tells a holder (and the configured contact) about a lifecycle step, in French then English:
/// plain UTF-8 text, marked Auto-Submitted (RFC 3834) so that no one's autoresponder answers it.
/// </summary>
public static class LifecycleNotice
{
    public static byte[] Build(LifecycleAction action, string sender, IReadOnlyList<string> to, DateTimeOffset now, string messageId)
    {
        var address = action.Bal.Address;
        var last = Day(action.LastActivity);
        var deletion = Day(action.DeletionDate);
        var (subject, body) = action.Step switch
        {
            LifecycleStep.Unpublish => (
                $"Votre BAL {address} n'est plus publiée dans l'Annuaire Santé / no longer listed",
                $"Aucune connexion à la boîte aux lettres MSSanté {address} n'a eu lieu depuis le {last}. Elle a été retirée de l'Annuaire Santé : " +
                "elle fonctionne toujours, mais vos correspondants ne la trouvent plus dans l'annuaire. Elle y reviendra dès votre prochaine connexion. " +
                $"Sans connexion, elle sera supprimée avec ses messages le {deletion}.\r\n\r\n" +
                $"No one has signed in to the MSSanté mailbox {address} since {last}. It has been withdrawn from the Annuaire Santé: it still works, " +
                $"but correspondents no longer find it there. It returns at your next sign-in. Without one, it will be deleted with its messages on {deletion}."),
            LifecycleStep.DeletionNotice => (
                $"Votre BAL {address} sera supprimée le {deletion} / will be deleted",
                $"Aucune connexion à la boîte aux lettres MSSanté {address} n'a eu lieu depuis le {last}. Sans connexion d'ici là, elle sera supprimée avec " +
                $"tous ses messages le {deletion}. Pour la garder, connectez-vous une fois avec votre logiciel ou votre messagerie.\r\n\r\n" +
                $"No one has signed in to the MSSanté mailbox {address} since {last}. Without a sign-in by then, it will be deleted with all its messages " +
                $"on {deletion}. To keep it, sign in once with your software or webmail."),
            _ => (
                $"BAL {address} supprimée / deleted",
                $"La boîte aux lettres MSSanté {address}, sans connexion depuis le {last}, a été supprimée avec ses messages le {Day(now)} et retirée de l'Annuaire Santé.\r\n\r\n" +
                $"The MSSanté mailbox {address}, unused since {last}, was deleted with its messages on {Day(now)} and withdrawn from the Annuaire Santé."),
        };

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"From: <{sender}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: {string.Join(", ", to.Select(a => $"<{a}>"))}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Subject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {Rfc5322Date.Format(now)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n");
        text.Append("Auto-Submitted: auto-generated\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        text.Append(body).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using OpenMss.Operator.Mssante;

namespace OpenMss.Operator.Lifecycle;

/// <summary>What a lifecycle notice says, in French then English: the subject and the body.</summary>
public static class LifecycleNotice
{
    public static (string Subject, string Body) Text(LifecycleAction action, DateTimeOffset now)
    {
        var address = action.Bal.Address;
        var last = OperatorNotice.Day(action.LastActivity);
        var deletion = OperatorNotice.Day(action.DeletionDate);
        return action.Step switch
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
                $"La boîte aux lettres MSSanté {address}, sans connexion depuis le {last}, a été supprimée avec ses messages le {OperatorNotice.Day(now)} et retirée de l'Annuaire Santé.\r\n\r\n" +
                $"The MSSanté mailbox {address}, unused since {last}, was deleted with its messages on {OperatorNotice.Day(now)} and withdrawn from the Annuaire Santé."),
        };
    }
}

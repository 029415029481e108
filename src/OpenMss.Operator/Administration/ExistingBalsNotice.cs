namespace OpenMss.Operator.Administration;

/// <summary>MSS 17: what a professional is told when a new PER BAL is created while others exist in his name.</summary>
public static class ExistingBalsNotice
{
    public static (string Subject, string Body) Text(string address, IReadOnlyList<string> others)
    {
        var list = string.Join("\r\n", others.Select(o => "  - " + o));
        return (
            $"Votre nouvelle BAL {address} : d'autres BAL existent à votre nom / other mailboxes in your name",
            $"La boîte aux lettres MSSanté {address} vient d'être créée pour vous. L'Annuaire Santé liste déjà ces autres BAL à votre nom :\r\n{list}\r\n" +
            "Si vous n'en utilisez plus certaines, demandez leur fermeture à leur opérateur : vos correspondants sauront ainsi où vous écrire.\r\n\r\n" +
            $"The MSSanté mailbox {address} has just been created for you. The Annuaire Santé already lists these other mailboxes in your name:\r\n{list}\r\n" +
            "If you no longer use some of them, ask their operator to close them, so that correspondents know where to write to you.");
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Operator.Administration;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The logged-in administrator's BAL administration: every change it makes is audited under their name.</summary>
internal static class Admin
{
    public static BalAdministration For(HttpContext context) =>
        context.RequestServices.GetRequiredService<ConsoleSettings>().Administration(LoginPages.Actor(context.User));

    /// <summary>Runs a change; a refusal by the MSSanté rules comes back as its one sentence.</summary>
    public static async Task<string?> RefusalOfAsync(Func<Task> change)
    {
        try
        {
            await change();
            return null;
        }
        catch (AdministrationException e)
        {
            return e.Message;
        }
    }
}

using Microsoft.AspNetCore.Connections;

namespace OpenMss.Smtp.Server;

/// <summary>Runs a submission front on a Kestrel listener: <c>listen.Run(context => SubmissionListener.RunAsync(front, context))</c>.</summary>
public static class SubmissionListener
{
    public static Task RunAsync(SubmissionFront front, ConnectionContext context) => SmtpSession.RunAsync(front, context);
}

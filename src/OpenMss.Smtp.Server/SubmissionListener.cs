using Microsoft.AspNetCore.Connections;

namespace OpenMss.Smtp.Server;

/// <summary>Puts a submission front on a Kestrel listener: <c>listen.UseSubmission(front)</c>.</summary>
public static class SubmissionListener
{
    public static IConnectionBuilder UseSubmission(this IConnectionBuilder listener, SubmissionFront front) =>
        listener.Run(context => SmtpSession.RunAsync(front, context));
}

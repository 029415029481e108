using System.Text;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

internal static class Dialogue
{
    public static string XOAuth2(string user, string token) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"user={user}\u0001auth=Bearer {token}\u0001\u0001"));

    public static string OAuthBearer(string user, string token) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"n,a={user},\u0001host=127.0.0.1\u0001port=587\u0001auth=Bearer {token}\u0001\u0001"));

    public static string Plain(string user) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0ignored"));

    /// <summary>A client past STARTTLS and AUTH XOAUTH2 as the test BAL.</summary>
    public static async Task<RawSmtpClient> AuthenticatedAsync(this SubmissionServer server)
    {
        var client = await server.ConnectAsync();
        await client.SecureAsync();
        (await client.CommandAsync($"AUTH XOAUTH2 {XOAuth2(SubmissionServer.Bal, "good")}")).Code.ShouldBe(235);
        return client;
    }

    public static async Task ShouldReplyAsync(this RawSmtpClient client, string line, int code, string enhanced)
    {
        var reply = await client.CommandAsync(line);
        (reply.Code, reply.Enhanced).ShouldBe((code, enhanced), reply.Text);
    }
}

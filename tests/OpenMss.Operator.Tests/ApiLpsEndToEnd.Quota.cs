using System.Text;
using OpenMss.Operator.Administration;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Tests;

/// <summary>Quotas (RFC 9208) end to end: the operator's defaults, a BAL's own limit set by an administrator, IMAP and submission refusing what goes over.</summary>
public abstract partial class ApiLpsEndToEnd
{
    [Fact]
    public async Task A_full_bal_refuses_submission_at_rcpt_with_552_and_imap_append_with_overquota()
    {
        await SeedInboxAsync(Per, "Subject: un\r\n\r\nun\r\n");
        await new BalAdministration(Store, TimeProvider.System, "admin@test").SetQuotaAsync(Per, new BalQuota(null, 1), default);
        var token = await Psc.TokenAsync(Holder);
        var script = $$"""
            import imaplib, smtplib, ssl, os
            ca = ssl.create_default_context(cafile='{{Pki.TrustAnchor}}')
            tok = os.environ['TOKEN']
            m = imaplib.IMAP4('127.0.0.1', {{Ports.ImapPsc}})
            m.starttls(ssl_context=ca)
            m.authenticate('XOAUTH2', lambda _: f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode())
            caps = m.capability()[1][0].split()
            print('quota', b'QUOTA' in caps, b'QUOTA=RES-STORAGE' in caps, b'QUOTA=RES-MESSAGE' in caps)
            print('root', m.getquotaroot('INBOX'))
            print('append', m.append('INBOX', None, None, b'Subject: deux\r\n\r\ndeux\r\n'))
            m.logout()
            s = smtplib.SMTP('127.0.0.1', {{Ports.SubmissionPsc}})
            s.starttls(context=ca)
            s.ehlo('lps.test')
            s.docmd('AUTH', 'XOAUTH2 ' + __import__('base64').b64encode(f"user={{Per}}\x01auth=Bearer {tok}\x01\x01".encode()).decode())
            s.mail('{{Per}}')
            print('rcpt', s.rcpt('{{Per}}'))
            print('other', s.rcpt('{{Org}}')[0])
            s.quit()
            """;

        var python = await PythonAsync(script, new Dictionary<string, string> { ["TOKEN"] = token });

        python.ExitCode.ShouldBe(0, python.Error);
        python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "quota True True True",
            // The operator's default storage (2048 MiB) and the BAL's own message limit (1).
            "root ('OK', [[b'\"INBOX\" BAL'], [b'BAL (STORAGE 1 2097152 MESSAGE 1 1)']])",
            "append ('NO', [b'[OVERQUOTA] The BAL is over its quota: delete or expunge messages first.'])",
            "rcpt (552, b'5.2.2 The BAL is full: it is over its quota.')",
            "other 250",
        ]);
        (await Store.Audit.ListAsync(Per, 10, default)).Select(a => a.Event.Action).ShouldContain("bal.set-quota storage=default messages=1");
        (await InboxAsync(Per)).Count.ShouldBe(1);
    }
}

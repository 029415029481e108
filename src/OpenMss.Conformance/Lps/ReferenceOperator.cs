using Microsoft.AspNetCore.Builder;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Sandbox.Mes;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Conformance.Lps;

/// <summary>
/// The operator an LPS under test reaches through the tool's listeners: a real OpenMSS operator (both fronts for IMAP
/// and submission) on 127.0.0.9, with its embedded store in DIR/operator, the test BALs and a patient's address. It
/// has no inter-operator MTA: every address the cases use is its own.
/// </summary>
public sealed class ReferenceOperator : IAsyncDisposable
{
    public const string Domain = "reference.mssante.test";
    public const string UnreachableDomain = "panne.mssante.test";
    public const string PerHolder = "810001234567";
    public const string ColleagueHolder = "810002345678";
    public const string PerBal = "medecin@" + Domain;
    public const string ColleagueBal = "confrere@" + Domain;
    public const string AppBal = "logiciel@" + Domain;

    private readonly WebApplication _host;
    private readonly IMailStore _store;

    private ReferenceOperator(WebApplication host, IMailStore store)
    {
        _host = host;
        _store = store;
    }

    public static string PatientAddress => MesPatient.Defaults[0].Address(MesStandIn.Domain);

    public static string UnreachableBal(LpsProfile profile) => (profile == LpsProfile.PerOrg ? "medecin@" : "logiciel@") + UnreachableDomain;

    public static string Bal(LpsProfile profile) => profile == LpsProfile.PerOrg ? PerBal : AppBal;

    public static async Task<ReferenceOperator> StartAsync(string directory, TestPkiLayout pki, ConformancePorts ports, (string ClientId, string Secret, string Issuer) psc, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = await StoreOpener.OpenAsync(StoreLocation.Embedded(Path.Combine(directory, "operator", "store")), cancellationToken);
        try
        {
            var admin = new BalAdministration(store, clock, "conformance");
            var structure = TestPki.DefaultClient.IdNatStruc;
            foreach (var domain in new[] { Domain, MesStandIn.Domain })
            {
                if (await store.Directory.FindDomainAsync(domain, cancellationToken) is null)
                {
                    await admin.AddDomainAsync(domain, cancellationToken);
                }
            }

            BalRequest[] bals =
            [
                new(PerBal, BalType.Per, PerHolder, null, [], false),
                new(ColleagueBal, BalType.Per, ColleagueHolder, null, [], false),
                new(AppBal, BalType.App, null, structure, [], false),
                new(PatientAddress, BalType.App, null, structure, [], false),
            ];
            foreach (var request in bals)
            {
                if (await store.Directory.FindBalAsync(request.Address, cancellationToken) is null)
                {
                    await admin.AddBalAsync(request, cancellationToken);
                }
            }

            var host = OperatorHost.Build(Configuration(pki, ports, psc), store, ports.Standard, clock);
            await host.StartAsync(cancellationToken);
            return new ReferenceOperator(host, store);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static string[] Configuration(TestPkiLayout pki, ConformancePorts ports, (string ClientId, string Secret, string Issuer) psc)
    {
        var address = ConformancePorts.Backend.ToString();
        return
        [
            $"--Tls:Certificate={pki.Server}", $"--Tls:Key={pki.ServerKey}",
            $"--Psc:Issuer={psc.Issuer}", $"--Psc:ClientId={psc.ClientId}", $"--Psc:ClientSecret={psc.Secret}", $"--Psc:TrustedCa={pki.TrustAnchor}",
            $"--AuthCli:TrustAnchors:0={pki.TrustAnchor}",
            "--Submission:TrustSpace:0=.mssante.test", "--Submission:HostName=localhost", "--Imap:HostName=localhost",
            $"--Submission:Address={address}", $"--Imap:Address={address}", $"--Admin:Address={address}",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using OpenMss.Operator.Identifiers;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Backup;

/// <summary>A WebAuthn ceremony begun: its id, to send back with the browser's answer, and the options for the browser (JSON).</summary>
public sealed record SecurityKeyCeremony(string Id, string OptionsJson);

/// <summary>
/// WebAuthn security keys, the backup's other means (issue 21): enrolled in a PSC session, then used alone while PSC
/// is down, with the same throttle, audit and credential as the TOTP codes. The checks (challenge, origin, RP id,
/// signature, counter) are the Fido2 library's; the ceremony's options wait here, at most 5 minutes.
/// </summary>
public sealed partial class BackupAuthority
{
    public const int MaxSecurityKeys = 10;
    public const int MaxPendingCeremonies = 10_000;

    /// <summary>Characters of a browser's answer read at most: a real one is a few kilobytes (attestation "none").</summary>
    public const int MaxAnswerLength = 64 * 1024;
    public static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Ceremony> _ceremonies = new(StringComparer.Ordinal);
    private Fido2? _fido2;

    /// <summary>Whether security keys are offered: the operator named the webmail's origins.</summary>
    public bool OffersSecurityKeys => options.SecurityKeyOrigins.Count > 0;

    private Fido2 Fido => _fido2 ??= new Fido2(new Fido2Configuration
    {
        RPID = options.SecurityKeyOrigins[0].Host,
        RPName = "OpenMSS",
        Origins = options.SecurityKeyOrigins.Select(o => o.GetLeftPart(UriPartial.Authority)).ToHashSet(StringComparer.Ordinal),
    });

    /// <summary>Begins enrolling a key for the PSC-authenticated <paramref name="idNat"/>; null when they have the most keys allowed.</summary>
    public async Task<SecurityKeyCeremony?> BeginKeyEnrolmentAsync(string idNat, CancellationToken cancellationToken)
    {
        var keys = await store.SecurityKeys.ListAsync(idNat, cancellationToken);
        if (keys.Count >= MaxSecurityKeys)
        {
            return null;
        }

        var created = Fido.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(idNat), Name = idNat, DisplayName = idNat },
            ExcludeCredentials = [.. keys.Select(k => new PublicKeyCredentialDescriptor(k.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Discouraged, UserVerification = UserVerificationRequirement.Preferred },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return Remember(idNat, created.ToJson());
    }

    /// <summary>Ends an enrolment with the browser's answer (<c>PublicKeyCredential.toJSON()</c>); false when it does not verify.</summary>
    public async Task<bool> FinishKeyEnrolmentAsync(string idNat, string ceremonyId, string responseJson, CancellationToken cancellationToken)
    {
        if (Take(ceremonyId) is not { } ceremony || ceremony.IdNat != idNat)
        {
            await AuditAsync("key.enrol", "failure", idNat, "no such ceremony, or expired", "webauthn", cancellationToken);
            return false;
        }

        try
        {
            var response = JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(Bounded(responseJson)) ?? throw new JsonException("empty");
            var credential = await Fido.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(ceremony.OptionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, token) => await store.SecurityKeys.FindAsync(args.CredentialId, token) is null,
            }, cancellationToken);
            if (!await store.SecurityKeys.AddAsync(new SecurityKey(credential.Id, idNat, credential.PublicKey, credential.SignCount, clock.GetUtcNow()), cancellationToken))
            {
                throw new Fido2VerificationException("credential id already registered");
            }
        }
        catch (Exception e) when (IsBadAnswer(e))
        {
            await AuditAsync("key.enrol", "failure", idNat, "the key's answer does not verify", "webauthn", cancellationToken);
            return false;
        }

        await AuditAsync("key.enrol", "success", idNat, null, "webauthn", cancellationToken);
        return true;
    }

    public async Task<int> SecurityKeyCountAsync(string idNat, CancellationToken cancellationToken) =>
        (await store.SecurityKeys.ListAsync(idNat, cancellationToken)).Count;

    /// <summary>Begins a login with one of <paramref name="idNat"/>'s keys; null when they enrolled none (or it is no IdNat).</summary>
    public async Task<SecurityKeyCeremony?> BeginKeyLoginAsync(string idNat, CancellationToken cancellationToken)
    {
        idNat = idNat.Trim();
        var keys = IdNat.IsValid(idNat) ? await store.SecurityKeys.ListAsync(idNat, cancellationToken) : [];
        if (keys.Count == 0)
        {
            await AuditAsync("key.login", "failure", IdNat.IsValid(idNat) ? idNat : null, "no security key enrolled", "webauthn", cancellationToken);
            return null;
        }

        var assertion = Fido.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. keys.Select(k => new PublicKeyCredentialDescriptor(k.CredentialId))],
            UserVerification = UserVerificationRequirement.Preferred,
        });
        return Remember(idNat, assertion.ToJson());
    }

    /// <summary>Ends a login with the browser's answer: the operator's credential, or why not.</summary>
    public async Task<BackupLogin> KeyLogInAsync(string ceremonyId, string responseJson, CancellationToken cancellationToken)
    {
        if (Take(ceremonyId) is not { } ceremony)
        {
            await AuditAsync("key.login", "failure", null, "no such ceremony, or expired", "webauthn", cancellationToken);
            return new BackupLogin(BackupRefusal.WrongCode);
        }

        var idNat = ceremony.IdNat;
        if (_throttle.IsBlocked(idNat))
        {
            await AuditAsync("key.login", "refused", idNat, "too many failures", "webauthn", cancellationToken);
            return new BackupLogin(BackupRefusal.Throttled);
        }

        try
        {
            var response = JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(Bounded(responseJson)) ?? throw new JsonException("empty");
            var key = await store.SecurityKeys.FindAsync(response.RawId, cancellationToken);
            if (key is null || key.IdNat != idNat)
            {
                throw new Fido2VerificationException("not a key of this professional");
            }

            var verified = await Fido.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(ceremony.OptionsJson),
                StoredPublicKey = key.PublicKey,
                StoredSignatureCounter = (uint)key.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(UserHandle(idNat))),
            }, cancellationToken);
            if (!await store.SecurityKeys.UseAsync(key.CredentialId, verified.SignCount, cancellationToken))
            {
                throw new Fido2VerificationException("signature counter did not grow");
            }
        }
        catch (Exception e) when (IsBadAnswer(e))
        {
            _throttle.Failed(idNat);
            await AuditAsync("key.login", "failure", idNat, "the key's answer does not verify", "webauthn", cancellationToken);
            return new BackupLogin(BackupRefusal.WrongCode);
        }

        _throttle.Succeeded(idNat);
        var (credential, expires) = Credentials.Issue(idNat);
        await AuditAsync("key.login", "success", idNat, $"credential until {expires:yyyy-MM-ddTHH:mm:ssZ}", "webauthn", cancellationToken);
        return new BackupLogin(BackupRefusal.None, credential, expires, idNat);
    }

    /// <summary>
    /// A browser's answer that does not verify, however malformed (JSON, CBOR, COSE, signature): the library throws
    /// many kinds. Not a cancellation, and not the store failing, which must not read as a wrong key.
    /// </summary>
    private static bool IsBadAnswer(Exception e) => e is not (OperationCanceledException or System.Data.Common.DbException or OutOfMemoryException);

    private static string Bounded(string answer) =>
        answer.Length <= MaxAnswerLength ? answer : throw new Fido2VerificationException($"an answer of over {MaxAnswerLength} characters");

    /// <summary>The WebAuthn user handle: a hash, not the IdNat itself, which the key would otherwise carry (WebAuthn §14.6.1).</summary>
    private static byte[] UserHandle(string idNat) => SHA256.HashData(Encoding.UTF8.GetBytes("openmss webauthn user " + idNat));

    private SecurityKeyCeremony Remember(string idNat, string optionsJson)
    {
        var now = clock.GetUtcNow();
        if (_ceremonies.Count >= MaxPendingCeremonies)
        {
            foreach (var stale in _ceremonies.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList())
            {
                _ceremonies.TryRemove(stale, out _);
            }

            if (_ceremonies.Count >= MaxPendingCeremonies)
            {
                throw new InvalidOperationException("Too many security key ceremonies under way: try again in a few minutes.");
            }
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _ceremonies[id] = new Ceremony(idNat, optionsJson, now + CeremonyLifetime);
        return new SecurityKeyCeremony(id, optionsJson);
    }

    /// <summary>A ceremony is taken once, whatever its outcome: a challenge is never answered twice.</summary>
    private Ceremony? Take(string ceremonyId) =>
        _ceremonies.TryRemove(ceremonyId, out var ceremony) && ceremony.Expires > clock.GetUtcNow() ? ceremony : null;

    private sealed record Ceremony(string IdNat, string OptionsJson, DateTimeOffset Expires);
}

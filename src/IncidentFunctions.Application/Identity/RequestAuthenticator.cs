using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// Who an API call is from, by the one credential it carries: the platform's principal (Azure with Entra ID), a
/// personal token (Authorization: Bearer ift_…), or the admin key (x-functions-key, or ?code=), which is automation's.
/// The same in both hosts: in Azure the API's functions are anonymous at the host so that tokens and the principal
/// reach the app, and the admin key is the app's (Key Vault), checked here.
/// </summary>
public sealed class RequestAuthenticator(IncidentConfigProvider config, IdentityStore identities, PlatformAuthentication platform, TimeProvider time)
{
    public const string AdminKeyHeader = "x-functions-key";

    public async Task<(RequestActor? Actor, IResult? Problem)> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        if (platform.Person(request, out var principalError) is { } person)
        {
            return (new RequestActor(person.Name, person.Responder, person.Role, Channels.EntraId), null);
        }

        if (principalError is not null)
        {
            return (null, Problems.Unauthorized($"the platform's principal could not be read: {principalError}", ClientPrincipal.Header));
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null)
        {
            return await FromTokenAsync(authorization, ct);
        }

        var key = request.Headers[AdminKeyHeader].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return (null, Problems.Unauthorized(
                $"send a personal API token (Authorization: Bearer ift_…, made in the console under API tokens) or, for automation, the {AdminKeyHeader} header",
                AdminKeyHeader));
        }

        return IsAdminKey(key)
            ? (RequestActor.Automation, null)
            : (null, Problems.Forbidden($"the {AdminKeyHeader} is not valid", AdminKeyHeader));
    }

    /// <summary>Whether <paramref name="presented"/> is the admin key, in time independent of where (or whether) they differ.</summary>
    public bool IsAdminKey(string? presented) =>
        !string.IsNullOrEmpty(presented)
        // Hashing first makes the comparison's length, and so its time, the same for every guess.
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(config.Current.AdminApiKey)));

    private async Task<(RequestActor?, IResult?)> FromTokenAsync(string authorization, CancellationToken ct)
    {
        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || ApiToken.Parse(authorization[Bearer.Length..].Trim()) is not var (id, secret))
        {
            return (null, Problems.Unauthorized("Authorization must be \"Bearer ift_…\", a personal API token", "Authorization"));
        }

        var now = time.GetUtcNow();
        var token = await identities.GetTokenAsync(id, ct);
        var check = token?.Check(secret, now) ?? ApiTokenCheck.Wrong;
        if (check != ApiTokenCheck.Valid)
        {
            var why = check switch
            {
                ApiTokenCheck.Revoked => $"this token was revoked at {token!.RevokedAt:u}",
                ApiTokenCheck.Expired => $"this token expired at {token!.ExpiresAt:u}: make a new one in the console",
                _ => "no such token",
            };
            return (null, Problems.Unauthorized(why, "Authorization"));
        }

        // The owner as the configuration has them now: someone removed from it, or made a Viewer, loses what the token had.
        if (config.Current.FindResponder(token!.Owner) is not { } owner)
        {
            return (null, Problems.Unauthorized($"this token's owner ({token.Owner}) is no longer a responder in the configuration", "Authorization"));
        }

        await identities.TouchTokenAsync(token, now, ct);
        var role = (AccessRole)Math.Min((int)token.Role, (int)AccessRoles.Of(owner, config.Current));
        return (new RequestActor(owner.Name, owner, role, Channels.ApiToken), null);
    }
}

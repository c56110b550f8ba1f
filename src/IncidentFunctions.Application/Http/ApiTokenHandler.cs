using IncidentFunctions.Application.Identity;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Application.WebConsole;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>A personal API token as listed: never its secret or hash.</summary>
public sealed record ApiTokenView(string Id, string Owner, string Label, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active)
{
    public static ApiTokenView From(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Owner, t.Label, t.Role.ToString(), t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActive(now));
}

/// <summary>
/// POST/GET /api/tokens, DELETE /api/tokens/{id}: a person's own API tokens. Made only by someone signed in as
/// themselves (the console, or Entra ID), never with the admin key or another token, at most with the maker's own
/// role; the text is in the 201 answer once. Anyone lists and revokes their own; an Admin anyone's.
/// </summary>
public sealed class ApiTokenHandler(IdentityStore store, TimeProvider time)
{
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct)
    {
        var actor = RequestActor.Of(request);
        if (actor.Responder is null || actor.Via is not (Channels.Console or Channels.EntraId))
        {
            return Problems.Forbidden(actor.IsAutomation
                ? "the admin key is automation's, not a person's: tokens are made by a person signed in to the console"
                : actor.Responder is null
                    ? $"{actor.Name} is not a responder in the configuration: only a responder has tokens"
                    : "a token cannot make tokens: sign in to the console to make one", "Authorization");
        }

        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (fields is null)
        {
            return problem!;
        }

        using (fields)
        {
            var label = fields.String("label", required: true, ApiToken.MaxLabelLength);
            if (label is { } l && string.IsNullOrWhiteSpace(l))
            {
                fields.Reject("label", "say what the token is for (\"grafana on my laptop\")");
            }

            var role = actor.Role;
            if (fields.String("role", required: false, 20) is { } roleText)
            {
                if (AccessRoles.FromAppRole(roleText) is not { } asked)
                {
                    fields.Reject("role", $"'{roleText}' is not a role: use Viewer, Responder or Admin");
                }
                else if (!actor.Role.Allows(asked))
                {
                    fields.Refuse("role", $"you are a {actor.Role}: a token of yours can be at most that");
                }
                else
                {
                    role = asked;
                }
            }

            var days = fields.Int("expiresInDays", 1, (int)ApiToken.MaxLifetime.TotalDays) ?? (int)ApiToken.DefaultLifetime.TotalDays;
            if (fields.Error is { } error)
            {
                return error;
            }

            var now = time.GetUtcNow();
            var (token, text) = ApiToken.Issue(actor.Name, label!.Trim(), role, TimeSpan.FromDays(days), now);
            await store.AddTokenAsync(token, ct);
            return ConsoleResults.NoStore(new HeaderResult(
                Results.Json(new { token = text, shownOnce = true, details = ApiTokenView.From(token, now) }, ApiJson.Options, statusCode: StatusCodes.Status201Created),
                "Location", "/api/tokens/" + token.Id));
        }
    }

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var actor = RequestActor.Of(request);
        var all = request.Query["all"].FirstOrDefault();
        if (all is not (null or "true" or "false"))
        {
            return Problems.BadRequest("all", "use all=true or all=false");
        }

        if (all == "true" && !actor.Role.Allows(AccessRole.Admin))
        {
            return Problems.Forbidden("listing everyone's tokens needs the Admin role", "all");
        }

        var now = time.GetUtcNow();
        var tokens = await store.ListTokensAsync(all == "true" ? null : actor.Name, ct);
        return Results.Json(new { tokens = tokens.Select(t => ApiTokenView.From(t, now)).ToList() }, ApiJson.Options);
    }

    public async Task<IResult> RevokeAsync(string id, HttpRequest request, CancellationToken ct)
    {
        var actor = RequestActor.Of(request);
        var token = await store.GetTokenAsync(id, ct);
        // Someone else's token is "not found" to a non-Admin: its id says nothing to them.
        if (token is null || (token.Owner != actor.Name && !actor.Role.Allows(AccessRole.Admin)))
        {
            return Problems.NotFound($"you have no token '{id}'");
        }

        var revoked = await store.RevokeTokenAsync(id, time.GetUtcNow(), ct);
        return Results.Json(ApiTokenView.From(revoked!, time.GetUtcNow()), ApiJson.Options);
    }
}

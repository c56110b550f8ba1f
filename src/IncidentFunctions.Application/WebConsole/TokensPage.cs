using IncidentFunctions.Application.Identity;
using static IncidentFunctions.Application.WebConsole.ConsoleForms;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The signed-in person's API tokens: a form to make one (its text shown once, in place, never stored in the page
/// again), and each token's role, expiry, last use and a revoke button. Calls with a token are recorded as its owner.
/// </summary>
public static class TokensPage
{
    public static Markup Render(RequestActor actor, IReadOnlyList<ApiToken> tokens, DateTimeOffset now)
    {
        var roles = Enum.GetValues<AccessRole>().Where(r => actor.Role.Allows(r)).Select(r => (r.ToString(), r.ToString()));
        var make = Html.Of($"""
            <form class="command" id="token-new" data-method="POST" data-api="tokens" data-show-once="token-shown">
              <h3>Make a token</h3>
              {Text("token-new", "label", "What it is for", required: true, hint: "\"grafana on my laptop\": you see it in the list.")}
              {Select("token-new", "role", "Role", roles, selected: actor.Role.ToString())}
              {Text("token-new", "expiresInDays", "Expires in days", hint: $"1 to {ApiToken.MaxLifetime.TotalDays:0}; empty: {ApiToken.DefaultLifetime.TotalDays:0}.", kind: "int")}
              <p class="error" data-error-for="" role="alert" hidden></p>
              <button type="submit">Make token</button>
            </form>
            <div class="notice token-shown" id="token-shown" hidden>
              <p>Your new token, shown this once: copy it now. Send it as <code>Authorization: Bearer …</code>; what it does is recorded as you.</p>
              <code></code>
              <p><a href="/console/tokens">Done: show my tokens</a></p>
            </div>
            """);
        var rows = tokens.Select((t, i) => Html.Of($"""
            <tr data-token="{t.Id}"><td>{t.Label}</td><td><code>{ApiToken.Prefix}{t.Id}_…</code></td><td>{t.Role.ToString()}</td><td>{Html.Time(t.CreatedAt)}</td><td>{Html.Time(t.ExpiresAt)}</td>
            <td>{(t.LastUsedAt is { } used ? Html.Time(used) : new Markup("never"))}</td>
            <td>{State(t, now)}</td>
            <td>{Html.When(t.IsActive(now), Html.Of($"""
                <form class="command inline" id="token-revoke-{i}" data-method="DELETE" data-api="tokens/{t.Id}" data-confirm="Revoke {t.Label}? Calls with it are refused from now on.">
                  <p class="error" data-error-for="" role="alert" hidden></p>
                  <button type="submit">Revoke</button>
                </form>
                """))}</td></tr>
            """));
        return Html.Of($"""
            <h1>API tokens</h1>
            <p>Signed in as {actor.Name} ({actor.Role.ToString()}). A token lets a script call the API as you, with at most your role; the admin key is for automation and is recorded as such.</p>
            {make}
            <table id="tokens"><thead><tr><th>For</th><th>Token</th><th>Role</th><th>Made</th><th>Expires</th><th>Last used</th><th>State</th><th></th></tr></thead>
            <tbody>{(tokens.Count == 0 ? new Markup("<tr><td colspan=\"8\">No tokens yet.</td></tr>") : Html.Join(rows))}</tbody>
            </table>
            """);
    }

    private static Markup State(ApiToken t, DateTimeOffset now) =>
        t.RevokedAt is { } revoked ? Html.Of($"revoked {Html.Time(revoked)}")
        : now >= t.ExpiresAt ? new Markup("expired")
        : new Markup("active");
}

using System.Text.Json;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// The response loop's API: lead, responders, scope, severity, notes, actions and outcomes, status updates,
/// resolution, post-mortem. Each endpoint validates the whole body first (400 naming the field), then lets
/// <see cref="IncidentCommandService"/> decide (404 unknown, 409 refused by the incident's state).
/// </summary>
public sealed class IncidentResponseHandler(IncidentCommandService commands, IncidentQueries queries, IncidentConfigProvider config, TimeProvider time)
{
    private static readonly TimeSpan MaxPromise = TimeSpan.FromHours(24);

    public Task<IResult> HandOverAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var to = Responder(f, "to", required: true);
            var reason = f.String("reason", required: false, 500);
            var by = By(request, f);
            return f.Error ?? CommandAnswer.From(await commands.HandOverAsync(number, to!.Name, reason, by!, client, time.GetUtcNow(), ct), IncidentSummaryView.From);
        }, ct);

    public Task<IResult> AddRespondersAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var by = By(request, f);
            var reason = f.String("reason", required: false, 500);
            List<string> names = [];
            if (f.Has("policy") && f.Has("responders"))
            {
                f.Reject("policy", "send either \"responders\" (names) or \"policy\" (a whole escalation policy), not both");
            }
            else if (f.Has("policy"))
            {
                var policyName = f.String("policy", required: true, 200);
                if (policyName is not null && config.Current.FindPolicy(policyName) is { } policy)
                {
                    names = config.Current.AllPolicyResponders(policy, time.GetUtcNow()).Select(r => r.Name).ToList();
                }
                else if (policyName is not null)
                {
                    f.Reject("policy", $"no escalation policy named '{policyName}'");
                }
            }
            else
            {
                var listed = f.Strings("responders", required: true);
                foreach (var (name, i) in (listed ?? []).Select((n, i) => (n, i)))
                {
                    if (config.Current.FindResponder(name) is { } r)
                    {
                        names.Add(r.Name);
                    }
                    else
                    {
                        f.Reject($"responders[{i}]", $"no responder named '{name}'");
                    }
                }
            }

            return f.Error ?? CommandAnswer.From(await commands.AddRespondersAsync(number, names, by!, reason, client, time.GetUtcNow(), ct), IncidentSummaryView.From);
        }, ct);

    public Task<IResult> SetScopeAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var services = f.Strings("affectedServices", required: false) ?? [];
            var hosts = f.Int("hostsAffected", 0, 10_000_000);
            var users = f.Int("usersAffected", 0, int.MaxValue);
            var visible = f.Bool("customerVisible", required: true);
            var notes = f.String("notes", required: false, 2000);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            var now = time.GetUtcNow();
            var scope = new IncidentScope(services, hosts, users, visible!.Value, notes, now, by!.Shown);
            return CommandAnswer.From(await commands.SetScopeAsync(number, scope, by, client, ct), s => s);
        }, ct);

    public Task<IResult> ChangeSeverityAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var text = f.String("severity", required: true, 10);
            IncidentSeverity? severity = null;
            if (text is not null && !SeverityPolicy.TryParseSeverity(text, out severity))
            {
                f.Reject("severity", $"'{text}' is not a severity: use SEV1, SEV2, SEV3 or SEV4");
            }

            var reason = f.String("reason", required: true, 500);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.ChangeSeverityAsync(number, severity!.Value, reason!, by!, client, time.GetUtcNow(), ct), IncidentSummaryView.From);
        }, ct);

    public Task<IResult> AddNoteAsync(string id, HttpRequest request, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var text = f.String("text", required: true, 4000);
            var kind = NoteKindOf(f);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.AddNoteAsync(number, by!, kind, text!, time.GetUtcNow(), ct), n => n, StatusCodes.Status201Created);
        }, ct);

    public Task<IResult> RecordActionAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var what = f.String("what", required: true, 1000);
            var why = f.String("why", required: true, 1000);
            var expected = f.String("expectedEffect", required: true, 1000);
            var undo = f.String("undo", required: false, 1000);
            var irreversible = f.Bool("irreversible", required: false) ?? false;
            var by = By(request, f);
            if (string.IsNullOrEmpty(undo) && !irreversible)
            {
                f.Reject("undo", "say how to undo this action, or set \"irreversible\": true if it cannot be undone");
            }
            else if (!string.IsNullOrEmpty(undo) && irreversible)
            {
                f.Reject("irreversible", "an action with an undo plan is not irreversible: send one or the other");
            }

            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.RecordActionAsync(number, by!, what!, why!, expected!,
                string.IsNullOrEmpty(undo) ? null : undo, irreversible, client, time.GetUtcNow(), ct), a => a, StatusCodes.Status201Created);
        }, ct);

    public async Task<IResult> ListActionsAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        if (await queries.GetAsync(number, ct) is null)
        {
            return Problems.NotFound($"INC {number} does not exist");
        }

        var open = request.Query["open"].FirstOrDefault();
        if (open is not (null or "true" or "false"))
        {
            return Problems.BadRequest("open", "use open=true or open=false");
        }

        var actions = await queries.GetActionsAsync(number, ct);
        return Results.Json(new { actions = open is null ? actions : actions.Where(a => a.IsOpen == (open == "true")).ToList() }, ApiJson.Options);
    }

    public Task<IResult> RecordOutcomeAsync(string id, string actionId, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var resultText = f.String("result", required: true, 20);
            ActionResult? result = resultText switch
            {
                null => null,
                "worked" => ActionResult.Worked,
                "no-effect" => ActionResult.NoEffect,
                "made-worse" => ActionResult.MadeWorse,
                _ => null,
            };
            if (resultText is not null && result is null)
            {
                f.Reject("result", $"'{resultText}' is not a result: use worked, no-effect or made-worse");
            }

            var observed = f.String("observed", required: true, 2000);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.RecordOutcomeAsync(number, actionId, result!.Value, observed!, by!, client, time.GetUtcNow(), ct), a => a);
        }, ct);

    public Task<IResult> PostUpdateAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var now = time.GetUtcNow();
            var text = f.String("text", required: true, 1600);
            var audiences = Audiences(f);
            var next = f.Time("nextUpdateBy");
            if (next is { } promise && (promise <= now || promise > now + MaxPromise))
            {
                f.Reject("nextUpdateBy", "must be in the future and at most 24 hours ahead");
            }

            var forUsers = ForUsers(f, audiences);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.PostUpdateAsync(number, by!, text!, audiences, next, forUsers, client, now, ct), u => u, StatusCodes.Status201Created);
        }, ct);

    public Task<IResult> ResolveAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            var summary = f.String("summary", required: true, 4000);
            var by = By(request, f);
            if (f.Error is { } error)
            {
                return error;
            }

            return CommandAnswer.From(await commands.ResolveAsync(number, by!, summary, client, time.GetUtcNow(), ct), IncidentSummaryView.From);
        }, ct);

    public async Task<IResult> GetPostmortemAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var found = await queries.GetPostmortemAsync(number, ct);
        if (found is null)
        {
            return await queries.GetAsync(number, ct) is null
                ? Problems.NotFound($"INC {number} does not exist")
                : Problems.NotFound($"INC {number} has no post-mortem yet: it is drafted when the incident resolves", "postmortem");
        }

        var wantsMarkdown = request.Headers.Accept.Any(a => a is not null && a.Contains("text/markdown", StringComparison.OrdinalIgnoreCase));
        return wantsMarkdown
            ? Results.Text(PostmortemMarkdown.Render(found), "text/markdown; charset=utf-8")
            : Results.Json(found, ApiJson.Options);
    }

    public Task<IResult> EditPostmortemAsync(string id, HttpRequest request, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            PostmortemEdit? edit;
            try
            {
                edit = f.Raw.Deserialize<PostmortemEdit>(ApiJson.Options);
            }
            catch (JsonException e)
            {
                return Problems.BadRequest(e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "$", "wrong type: " + e.Message);
            }

            if (edit is null || edit == new PostmortemEdit())
            {
                return Problems.BadRequest("$", "nothing to edit: send at least one of summary, wentWell, toChange, lessons, actionItems");
            }

            if (PostmortemEditValidator.Validate(edit) is { Count: > 0 } problems)
            {
                return Problems.BadRequest(problems[0].Field, problems[0].ToString());
            }

            var by = By(request, f);
            return f.Error ?? CommandAnswer.From(await commands.EditPostmortemAsync(number, edit, by!, time.GetUtcNow(), ct), p => p);
        }, ct);

    public Task<IResult> CompletePostmortemAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        WithBodyAsync(id, request, async (number, f) =>
        {
            // A post-mortem is completed by a responder: the admin key names the one it is for.
            var by = By(request, f, requireResponder: true);
            return f.Error ?? CommandAnswer.From(await commands.CompletePostmortemAsync(number, by!, client, time.GetUtcNow(), ct), p => p);
        }, ct);

    // ---- shared ---------------------------------------------------------------------------------------------

    private static async Task<IResult> WithBodyAsync(string id, HttpRequest request, Func<long, JsonFields, Task<IResult>> handle, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (fields is null)
        {
            return problem!;
        }

        using (fields)
        {
            return await handle(number, fields);
        }
    }

    /// <summary>A configured responder named by <paramref name="field"/>; the problem names the field otherwise.</summary>
    private ResponderConfig? Responder(JsonFields f, string field, bool required)
    {
        var name = f.String(field, required, 200);
        if (name is null)
        {
            return null;
        }

        var responder = config.Current.FindResponder(name);
        if (responder is null)
        {
            f.Reject(field, $"no responder named '{name}' in the configuration");
        }

        return responder;
    }

    /// <summary>Who the command is recorded as: the caller, never a name the body claims (see <see cref="RequestActor.Attribute"/>).</summary>
    private Attribution? By(HttpRequest request, JsonFields f, bool requireResponder = false) =>
        RequestActor.Of(request).Attribute(f, config.Current, requireResponder);

    private static NoteKind NoteKindOf(JsonFields f)
    {
        var text = f.String("kind", required: false, 20);
        switch (text)
        {
            case null or "finding":
                return NoteKind.Finding;
            case "hypothesis":
                return NoteKind.Hypothesis;
            case "root-cause":
                return NoteKind.RootCause;
            case "other":
                return NoteKind.Other;
            default:
                f.Reject("kind", $"'{text}' is not a note kind: use finding, hypothesis, root-cause or other");
                return NoteKind.Other;
        }
    }

    private static IReadOnlyList<UpdateAudience> Audiences(JsonFields f)
    {
        if (!f.Has("audiences"))
        {
            return [UpdateAudience.Team];
        }

        // Present means someone chose: an empty list is a mistake, not "the default".
        var listed = f.Strings("audiences", required: true, 3, 20);
        if (listed is null)
        {
            return [UpdateAudience.Team];
        }

        var audiences = new List<UpdateAudience>();
        for (var i = 0; i < listed.Count; i++)
        {
            // Exact names only: Enum.TryParse would also take "team,users" or "2".
            UpdateAudience? audience = listed[i].ToLowerInvariant() switch
            {
                "team" => UpdateAudience.Team,
                "leadership" => UpdateAudience.Leadership,
                "users" => UpdateAudience.Users,
                _ => null,
            };
            if (audience is { } a)
            {
                audiences.Add(a);
            }
            else
            {
                f.Reject($"audiences[{i}]", $"'{listed[i]}' is not an audience: use team, leadership or users");
            }
        }

        return audiences.Count == 0 ? [UpdateAudience.Team] : audiences.Distinct().ToList();
    }

    /// <summary>The wording for users on an update; refused (naming the field) on an update not addressed to them.</summary>
    private static PublicWording ForUsers(JsonFields f, IReadOnlyList<UpdateAudience> audiences)
    {
        var title = NonEmpty(f, "publicTitle", PublicStatus.MaxTitleLength);
        var impact = NonEmpty(f, "impact", PublicStatus.MaxImpactLength);
        if (PublicStatus.MisaddressedField(audiences, title, impact) is { } field)
        {
            f.Reject(field, $"{field} is what users read on the status page: only an update with \"users\" among its audiences carries it");
        }

        return new PublicWording(title, impact);
    }

    /// <summary>Optional, but when sent it must say something: an empty title would be shown as a blank heading.</summary>
    private static string? NonEmpty(JsonFields f, string field, int maxLength)
    {
        var value = f.String(field, required: false, maxLength);
        if (value is { Length: 0 })
        {
            f.Reject(field, "must not be empty when given");
            return null;
        }

        if (value is not null && field == "publicTitle" && value.Any(char.IsControl))
        {
            f.Reject(field, "must be one line of text");
            return null;
        }

        return value;
    }
}

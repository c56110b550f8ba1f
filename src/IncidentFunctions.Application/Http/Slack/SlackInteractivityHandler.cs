using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Domain.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// POST /api/slack/interactivity: the incident card's buttons and the forms they open (a signed form whose "payload"
/// field is Slack's JSON). Take the lead and Escalate act at once; the other buttons open their form (views.open, with
/// the trigger Slack gave for three seconds); a submitted form is checked (problems shown beside the inputs), then
/// carried out. Slack shows nothing of this endpoint's answers, so results and refusals go to the person by
/// chat.postEphemeral in the channel.
/// </summary>
public sealed class SlackInteractivityHandler(
    SlackRequestReader reader, IncidentConfigProvider config, IncidentQueries queries, SlackCommandRunner runner, SlackApiClient slack, SlackReply reply)
{
    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (fields, refused) = await reader.ReadSignedFormAsync(request, "interactivity", ct);
        if (refused is not null)
        {
            return refused;
        }

        if (!fields.TryGetValue("payload", out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return Problems.BadRequest("payload", "the form has no payload: Slack sends its JSON in the payload field");
        }

        var (doc, problem) = SlackJson.Parse(Encoding.UTF8.GetBytes(raw));
        if (doc is null)
        {
            return Problems.BadRequest("payload", "payload " + problem);
        }

        using (doc)
        {
            var payload = doc.RootElement;
            var type = SlackJson.Text(payload, "type");
            if (string.IsNullOrEmpty(type))
            {
                return Problems.BadRequest("payload.type", "payload.type is missing");
            }

            var user = SlackJson.Object(payload, "user") is { } u ? SlackJson.Text(u, "id") : null;
            if (string.IsNullOrWhiteSpace(user))
            {
                return Problems.BadRequest("payload.user.id", "payload.user.id is missing: who pressed or submitted");
            }

            return type switch
            {
                "block_actions" => await ButtonAsync(payload, user, client, ct),
                "view_submission" => await SubmissionAsync(payload, user, client, ct),
                // view_closed, shortcuts…: nothing of ours asks for them.
                _ => Results.Ok(),
            };
        }
    }

    private async Task<IResult> ButtonAsync(JsonElement payload, string user, DurableTaskClient client, CancellationToken ct)
    {
        if (SlackJson.Array(payload, "actions") is not { } actions || actions.GetArrayLength() == 0)
        {
            return Problems.BadRequest("payload.actions", "payload.actions is missing or empty: which button was pressed");
        }

        var action = actions[0];
        var actionId = SlackJson.Text(action, "action_id");
        if (string.IsNullOrEmpty(actionId))
        {
            return Problems.BadRequest("payload.actions[0].action_id", "payload.actions[0].action_id is missing");
        }

        if (actionId is not (SlackActions.TakeLead or SlackActions.Escalate) && !SlackForms.IsForm(actionId))
        {
            // Not one of the card's buttons (a link button reports its press too): nothing to do.
            return Results.Ok();
        }

        if (!IncidentIds.TryParse(SlackJson.Text(action, "value"), out var number))
        {
            return Problems.BadRequest("payload.actions[0].value", "payload.actions[0].value is not an incident number");
        }

        var channel = (SlackJson.Object(payload, "channel") is { } c ? SlackJson.Text(c, "id") : null)
            ?? (SlackJson.Object(payload, "container") is { } container ? SlackJson.Text(container, "channel_id") : null);
        var triggerId = SlackJson.Text(payload, "trigger_id");
        if (SlackForms.IsForm(actionId) && string.IsNullOrEmpty(triggerId))
        {
            return Problems.BadRequest("payload.trigger_id", "payload.trigger_id is missing: a form can only be opened with it");
        }

        if (config.Current.FindResponderBySlackUser(user) is not { } responder)
        {
            await reply.TellAsync(channel, user, SlackCommandRunner.NotLinked(user), ct);
            return Results.Ok();
        }

        if (await queries.GetAsync(number, ct) is null)
        {
            await reply.TellAsync(channel, user, SlackCommandRunner.NoIncident(number), ct);
            return Results.Ok();
        }

        if (SlackForms.IsForm(actionId))
        {
            var opened = await OpenFormAsync(triggerId!, SlackForms.For(actionId, number, channel), ct);
            if (opened is not null)
            {
                await reply.TellAsync(channel, user, $"The form did not open ({opened}); type the command instead (/incident help lists them).", ct);
            }

            return Results.Ok();
        }

        var command = new SlackCommand(actionId == SlackActions.TakeLead ? SlackCommandKind.Lead : SlackCommandKind.Escalate, number);
        await reply.TellAsync(channel, user, await runner.RunAsync(command, channel, responder, client, ct), ct);
        return Results.Ok();
    }

    private async Task<IResult> SubmissionAsync(JsonElement payload, string user, DurableTaskClient client, CancellationToken ct)
    {
        if (SlackJson.Object(payload, "view") is not { } view)
        {
            return Problems.BadRequest("payload.view", "payload.view is missing: which form was submitted");
        }

        var form = SlackJson.Text(view, "callback_id");
        if (form is null || !SlackForms.IsForm(form))
        {
            // Not one of our forms: close it, do nothing.
            return Results.Ok();
        }

        if (SlackForms.ReadMetadata(SlackJson.Text(view, "private_metadata")) is not { } metadata)
        {
            return Problems.BadRequest("payload.view.private_metadata", "payload.view.private_metadata does not name an incident");
        }

        var (number, channel) = metadata;

        if (SlackJson.Object(view, "state") is not { } state || SlackJson.Object(state, "values") is not { } values)
        {
            return Problems.BadRequest("payload.view.state.values", "payload.view.state.values is missing: the form's inputs");
        }

        if (config.Current.FindResponderBySlackUser(user) is not { } responder)
        {
            await reply.TellAsync(channel, user, SlackCommandRunner.NotLinked(user), ct);
            return Results.Ok();
        }

        var (command, errors) = SlackForms.Read(form, number, values);
        if (command is null)
        {
            // Slack shows each beside its input and keeps the form open.
            var shown = new JsonObject();
            foreach (var (block, problem) in errors)
            {
                shown[block] = problem;
            }

            return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = shown });
        }

        await reply.TellAsync(channel, user, await runner.RunAsync(command, channel, responder, client, ct), ct);
        return Results.Ok();
    }

    /// <summary>Null when the form opened; else why not (Slack's error, or that it did not answer).</summary>
    private async Task<string?> OpenFormAsync(string triggerId, JsonObject view, CancellationToken ct)
    {
        try
        {
            var opened = await slack.OpenViewAsync(triggerId, view, ct);
            return opened.Ok ? null : opened.Error;
        }
        catch (SlackUnavailableException)
        {
            return "Slack did not answer";
        }
    }
}

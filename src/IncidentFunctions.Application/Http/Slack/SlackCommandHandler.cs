using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Domain.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// POST /api/slack/commands: the "/incident" slash command (a signed form: user_id, channel_id, text, …). The sender must
/// be a responder (their slackUserId); the command acts as them through the command service, and the answer, seen only
/// by them, says what happened or why not.
/// </summary>
public sealed class SlackCommandHandler(SlackRequestReader reader, IncidentConfigProvider config, SlackCommandRunner runner)
{
    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (fields, refused) = await reader.ReadSignedFormAsync(request, "commands", ct);
        if (refused is not null)
        {
            return refused;
        }

        var user = fields.GetValueOrDefault("user_id")?.Trim();
        if (string.IsNullOrEmpty(user))
        {
            return Problems.BadRequest("user_id", "the Slack user id is missing");
        }

        var channel = fields.GetValueOrDefault("channel_id")?.Trim();
        if (string.IsNullOrEmpty(channel))
        {
            return Problems.BadRequest("channel_id", "the Slack channel id is missing");
        }

        if (config.Current.FindResponderBySlackUser(user) is not { } responder)
        {
            return SlackReply.Ephemeral(SlackCommandRunner.NotLinked(user));
        }

        var command = SlackCommandParser.Parse(fields.GetValueOrDefault("text"));
        return SlackReply.Ephemeral(await runner.RunAsync(command, channel, responder, client, ct));
    }
}

using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Domain.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// How the app answers a person in Slack: a message only they see, either as the HTTP answer to a slash command or,
/// for buttons and forms (whose HTTP answer Slack does not show), by chat.postEphemeral in the channel. Our answers
/// carry no Slack markup, so everything in them is escaped: an incident titled "&lt;!channel&gt;" mentions nobody.
/// </summary>
public sealed partial class SlackReply(SlackApiClient slack, ILogger<SlackReply> log)
{
    /// <summary>The slash command's answer: 200, seen by the person who typed it only.</summary>
    public static IResult Ephemeral(string text) =>
        Results.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = SlackText.Escape(text) });

    /// <summary>
    /// Tells <paramref name="user"/> in <paramref name="channel"/>. The command is done whatever happens here, so a
    /// refusal or an unreachable Slack is logged, never thrown: the person sees the result on the card or the timeline.
    /// </summary>
    public async Task TellAsync(string? channel, string user, string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(channel))
        {
            LogNotTold(user, "no channel to answer in");
            return;
        }

        try
        {
            var answer = await slack.PostEphemeralAsync(channel, user, SlackText.Escape(text), ct);
            if (!answer.Ok)
            {
                LogNotTold(user, answer.Error!);
            }
        }
        catch (SlackUnavailableException e)
        {
            LogNotTold(user, e.Message);
        }
    }

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "Could not answer Slack user {User}: {Reason}")]
    private partial void LogNotTold(string user, string reason);
}

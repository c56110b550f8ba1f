using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Domain.Chat;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// Carries out one <see cref="SlackCommand"/> for a linked responder, whichever way it came (typed, a button, a form):
/// finds the incident (the command's number, else the channel's), lets <see cref="IncidentCommandService"/> decide as
/// for every other door, and words what happened or why not in one short line.
/// </summary>
public sealed class SlackCommandRunner(IncidentCommandService commands, IncidentQueries queries, TimeProvider time)
{
    /// <summary>What the timeline says a command came through ("Acknowledged by Alice via slack"), as "voice" does.</summary>
    public const string Via = "slack";

    /// <summary>The refusal to a Slack user no responder names in the on-call file.</summary>
    public static string NotLinked(string slackUserId) =>
        $"Your Slack account is not linked to a responder: add \"slackUserId\": \"{slackUserId}\" to your entry in the on-call file.";

    public static string NoIncident(long number) => $"There is no incident {IncidentIds.Format(number)}.";

    /// <param name="channel">Where the command came from: names the incident when the command does not.</param>
    public async Task<string> RunAsync(SlackCommand command, string? channel, ResponderConfig responder, DurableTaskClient client, CancellationToken ct)
    {
        switch (command.Kind)
        {
            case SlackCommandKind.Help:
                return SlackCommandParser.Help;
            case SlackCommandKind.Invalid:
                return command.Error!;
        }

        var number = command.IncidentNumber ?? (string.IsNullOrEmpty(channel) ? null : await queries.FindIncidentByChannelAsync(channel, ct));
        if (number is not long n)
        {
            return "Which incident? Run the command in the incident's channel, or name it: /incident 42 ack";
        }

        if (command.Kind == SlackCommandKind.Status)
        {
            return await queries.GetDetailAsync(n, ct) is { } detail ? SlackStatusText.For(detail, time.GetUtcNow()) : NoIncident(n);
        }

        if (await queries.GetAsync(n, ct) is null)
        {
            return NoIncident(n);
        }

        var name = responder.Name;
        var now = time.GetUtcNow();
        var by = Attribution.Of(name, Via);
        switch (command.Kind)
        {
            case SlackCommandKind.Lead:
                return Answer(await commands.AcknowledgeAsync(n, by, becomesLead: true, client, now, ct), _ => $"INC {n} acknowledged: you are the lead.");
            case SlackCommandKind.Escalate:
                return Answer(await commands.EscalateAsync(n, name, client, now, ct), incident => incident.Status == IncidentStatus.Acknowledged
                    ? $"INC {n}: bringing in the next tier as help; {incident.Lead ?? incident.AcknowledgedBy} stays the lead."
                    : $"INC {n}: paging the next tier now.");
            case SlackCommandKind.Update:
                // To the team only: an update to users needs the public title and impact the status page shows, which
                // the console's form asks for; a line typed in the channel is not where those get written.
                return Answer(await commands.PostUpdateAsync(n, by, command.Text!, [UpdateAudience.Team], null, PublicWording.None, client, now, ct),
                    update => $"INC {n}: update posted to the team{(update.WasLate ? " (late)" : "")}." +
                        (update.NextUpdateBy is { } next ? $" Next due by {Clock(next)}." : ""));
            case SlackCommandKind.Note:
                return Answer(await commands.AddNoteAsync(n, by, command.NoteKind, command.Text!, now, ct),
                    note => $"INC {n}: {TimelineEntries.KindWord(note.Kind).ToLowerInvariant()} noted.");
            case SlackCommandKind.Action:
                var a = command.Action!;
                return Answer(await commands.RecordActionAsync(n, by, a.What, a.Why, a.ExpectedEffect, a.Undo, a.Irreversible, client, now, ct),
                    action => $"INC {n}: action recorded ({action.Id})." + (action.Irreversible ? " It cannot be undone: its outcome will be asked for." : ""));
            case SlackCommandKind.Resolve:
                return Answer(await commands.ResolveAsync(n, by, command.Text, client, now, ct), _ => $"INC {n} resolved.");
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "not a Slack command kind");
        }
    }

    /// <summary>What was done, or the command's own reason it was not (the incident's refusal in its words).</summary>
    private static string Answer<T>(CommandResult<T> result, Func<T, string> done) => result.Status switch
    {
        CommandStatus.Done => done(result.Value!),
        _ => Sentence(result.Detail!),
    };

    private static string Sentence(string detail) => detail.EndsWith('.') ? detail : detail + ".";

    internal static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

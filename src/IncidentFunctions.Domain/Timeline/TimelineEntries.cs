using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Timeline;

/// <summary>
/// Every timeline entry is made here: its kind, the words a responder reads, the key that makes writing it idempotent
/// (the same fact recorded twice by a retried step has the same key) and its typed details. Callers say what
/// happened; how it reads on the timeline, in the console and on the event stream has this one home.
/// </summary>
public static class TimelineEntries
{
    public const string System = "system";

    // ---- alerts and opening ----------------------------------------------------------------------------------

    public static TimelineEntry AlertReceived(long number, DateTimeOffset at, NormalizedAlert alert) =>
        Entry(number, at, TimelineEntryKind.AlertReceived, Integration(alert), $"Alert received: {alert.Title}",
            "alert:" + Hash(alert.Format + "\n" + alert.DedupKey), new AlertReceivedDetails(alert.Format, alert.DedupKey, alert.Severity));

    public static TimelineEntry AlertResolved(long number, DateTimeOffset at, NormalizedAlert alert) =>
        Entry(number, at, TimelineEntryKind.AlertResolved, Integration(alert), $"Alert resolved at source: {alert.Title}",
            "alert-resolved:" + Hash(alert.DedupKey) + ":" + at.UtcTicks.ToString(CultureInfo.InvariantCulture));

    public static TimelineEntry Opened(long number, DateTimeOffset at, NormalizedAlert alert, string service, IncidentSeverity severity, string policy) =>
        Entry(number, at, TimelineEntryKind.IncidentOpened, Integration(alert), $"Incident opened on {service}: {alert.Title}", "opened",
            new IncidentOpenedDetails(service, severity, policy));

    /// <param name="summary">What the repeat check found, worded by it (<c>Incident.RepeatSummary</c>).</param>
    /// <param name="openActionItems">The earlier incidents' post-mortem items still not done.</param>
    public static TimelineEntry RepeatDetected(long number, DateTimeOffset at, string? summary, IReadOnlyList<long> repeatOf, IReadOnlyList<string> openActionItems) =>
        Entry(number, at, TimelineEntryKind.RepeatDetected, System,
            $"{summary}{(repeatOf.Count > 1 ? $" (and {repeatOf.Count - 1} more)" : "")}" +
            (openActionItems.Count > 0 ? $"; open action items: {string.Join("; ", openActionItems)}" : ""),
            "repeat", new RepeatDetails(repeatOf));

    // ---- the incident's own moves ----------------------------------------------------------------------------

    public static TimelineEntry Acknowledged(long number, DateTimeOffset at, string by, string via) =>
        Entry(number, at, TimelineEntryKind.Acknowledged, by, $"Acknowledged by {by} via {via}", "acknowledged");

    public static TimelineEntry LeadAssigned(long number, DateTimeOffset at, string lead) =>
        Entry(number, at, TimelineEntryKind.LeadAssigned, lead, $"{lead} is the lead", "lead:" + lead);

    public static TimelineEntry LeadChanged(long number, DateTimeOffset at, string? previous, string to, string? reason) =>
        Entry(number, at, TimelineEntryKind.LeadChanged, previous ?? "api",
            $"Lead handed over from {previous ?? "nobody"} to {to}{Reason(reason)}", "lead:" + to);

    public static TimelineEntry RespondersAdded(long number, DateTimeOffset at, string? by, IReadOnlyList<string> added, string? reason) =>
        Entry(number, at, TimelineEntryKind.RespondersAdded, by ?? "api",
            $"Brought in {string.Join(", ", added)}{Reason(reason)}", $"responders:{at.UtcTicks}");

    public static TimelineEntry SeverityChanged(long number, DateTimeOffset at, string by, IncidentSeverity severity, string reason) =>
        Entry(number, at, TimelineEntryKind.SeverityChanged, by, $"Severity changed to SEV{(int)severity}: {reason}", $"severity:{(int)severity}");

    public static TimelineEntry Resolved(long number, DateTimeOffset at, string by, string via, string? summary) =>
        Entry(number, at, TimelineEntryKind.Resolved, by, $"Resolved by {by} via {via}", "resolved", summary is null ? null : new ResolvedDetails(summary));

    public static TimelineEntry Closed(long number, DateTimeOffset at) =>
        Entry(number, at, TimelineEntryKind.Closed, System, "Closed: resolved and its post-mortem completed", "closed");

    // ---- the response loop's records -------------------------------------------------------------------------

    /// <param name="via">"slack" for a note written in the incident channel; null for the other doors (see <see cref="NoteDetails"/>).</param>
    public static TimelineEntry Note(long number, IncidentNote note, string? via = null) =>
        Entry(number, note.At, TimelineEntryKind.Note, note.By, $"{KindWord(note.Kind)}: {note.Text}", "note:" + note.Id, new NoteDetails(note.Kind, via));

    public static TimelineEntry ActionRecorded(long number, IncidentAction a) =>
        Entry(number, a.At, TimelineEntryKind.ActionRecorded, a.By,
            $"Action: {a.What} (why: {a.Why}; expected: {a.ExpectedEffect}; {(a.Irreversible ? "irreversible" : "undo: " + a.Undo)})", "action:" + a.Id,
            new ActionRecordedDetails(a.Id, a.Irreversible));

    public static TimelineEntry ActionConfirmed(long number, DateTimeOffset at, string by, IncidentAction action, ActionResult result, string observed) =>
        Entry(number, at, TimelineEntryKind.ActionConfirmed, by, $"Outcome of '{action.What}': {ResultWord(result)}: {observed}", "outcome:" + action.Id,
            new ActionConfirmedDetails(action.Id, result));

    public static TimelineEntry UpdatePosted(long number, StatusUpdate u) =>
        Entry(number, u.At, TimelineEntryKind.UpdatePosted, u.By,
            $"Update to {string.Join(", ", u.Audiences.Select(a => a.ToString().ToLowerInvariant()))}{(u.WasLate ? " (late)" : "")}: {u.Text}", "update:" + u.Id,
            new UpdatePostedDetails(u.Audiences, u.WasLate, u.NextUpdateBy, u.PublicTitle, u.Impact));

    public static TimelineEntry ScopeChanged(long number, IncidentScope scope, bool firstAssessment) =>
        Entry(number, scope.At, TimelineEntryKind.ScopeChanged, scope.By, "Scope " + (firstAssessment ? "assessed" : "changed") + ": " + Describe(scope), "scope");

    // ---- post-mortem -----------------------------------------------------------------------------------------

    public static TimelineEntry PostmortemDrafted(long number, DateTimeOffset at, DateTimeOffset? dueBy) =>
        Entry(number, at, TimelineEntryKind.PostmortemDrafted, System,
            $"Post-mortem drafted{(dueBy is { } due ? $"; due by {due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" : "")}", "postmortem-drafted");

    public static TimelineEntry PostmortemEdited(long number, DateTimeOffset at, string by) =>
        Entry(number, at, TimelineEntryKind.PostmortemEdited, by, "Post-mortem edited", $"postmortem-edit:{at.UtcTicks}");

    public static TimelineEntry PostmortemCompleted(long number, DateTimeOffset at, string by) =>
        Entry(number, at, TimelineEntryKind.PostmortemCompleted, by, $"Post-mortem completed by {by}", "postmortem-completed");

    public static TimelineEntry RetrospectiveReminder(long number, DateTimeOffset at, bool overdue) =>
        Entry(number, at, TimelineEntryKind.RetrospectiveReminder, System,
            overdue ? "The post-mortem is overdue; reminded the lead" : "Reminded the lead the post-mortem is still open", "retro-reminder");

    // ---- paging and the cadence ------------------------------------------------------------------------------

    /// <param name="key">The escalation step's key, shared with the pages it sends.</param>
    /// <param name="tier">1-based, as responders count.</param>
    /// <param name="pass">1-based.</param>
    public static TimelineEntry Escalated(long number, DateTimeOffset at, string? requestedBy, string why, string key, int tier, int pass) =>
        Entry(number, at, TimelineEntryKind.Escalated, requestedBy ?? System, why, key, new EscalatedDetails(tier, pass));

    public static TimelineEntry Unacknowledged(long number, DateTimeOffset at) =>
        Entry(number, at, TimelineEntryKind.Unacknowledged, System, "Every tier was paged and nobody acknowledged; paging stopped", "unacknowledged");

    /// <summary>An agenda reminder (update due, overdue, gone quiet, action unconfirmed), worded by the agenda step.</summary>
    public static TimelineEntry Reminder(long number, DateTimeOffset at, TimelineEntryKind kind, string summary, string key) =>
        kind is TimelineEntryKind.UpdateReminder or TimelineEntryKind.UpdateOverdue or TimelineEntryKind.GoneQuiet or TimelineEntryKind.ActionReminder
            ? Entry(number, at, kind, System, summary, key)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an agenda reminder");

    /// <summary>A message that went out: a page (<see cref="TimelineEntryKind.PageSent"/>) or a notification.</summary>
    public static TimelineEntry Sent(long number, DateTimeOffset at, TimelineEntryKind kind, string summary, string key, SendDetails details) =>
        kind is TimelineEntryKind.PageSent or TimelineEntryKind.Notified
            ? Entry(number, at, kind, System, summary, key, details)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a sent message");

    /// <summary>A message the provider refused for good.</summary>
    /// <param name="medium">What was sent, as a responder says it ("Text", "Call").</param>
    /// <param name="provider">Who refused it ("SMS provider").</param>
    public static TimelineEntry SendRejected(long number, DateTimeOffset at, string medium, string provider, string key, SendDetails details) =>
        Entry(number, at, TimelineEntryKind.PageFailed, System,
            $"{medium} to {details.To} rejected by the {provider} ({(details.ErrorCode is int code ? $"{code}: " : "")}{details.Error})", key + ":failed", details with { Failed = true });

    /// <summary>
    /// A call nobody took: busy, no answer, failed, canceled, or an answering machine (a message was left). The page's next
    /// rule goes ahead at once rather than at its time.
    /// </summary>
    public static TimelineEntry CallUnanswered(long number, DateTimeOffset at, string key, string status, SendDetails details) =>
        Entry(number, at, TimelineEntryKind.PageFailed, System, status == CallStatuses.Machine
            ? $"Call to {details.To} reached voicemail; a message was left"
            : $"Call to {details.To} not answered ({status})", key + ":unanswered", details with { Medium = "voice", CallStatus = status, Failed = true, Error = status });

    /// <summary>A page held back by its number's flood limit: the next one to the number says this incident too.</summary>
    /// <param name="noun">"Call" or "Text".</param>
    public static TimelineEntry PageHeld(long number, DateTimeOffset at, string key, string noun, DateTimeOffset until, TimeSpan window, SendDetails details)
    {
        var lower = noun.ToLowerInvariant();
        var seconds = Math.Ceiling(window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Entry(number, at, TimelineEntryKind.PageFailed, System,
            $"{noun} to {details.To} held back: their phone got a {lower} less than {seconds} s ago (one {lower} per number at most); " +
            $"the next {lower}, at {until.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC, says this incident too",
            key + ":held", details with { Transient = true });
    }

    /// <summary>A message the provider did not take this time; the step runs again.</summary>
    public static TimelineEntry SendRetrying(long number, DateTimeOffset at, string medium, string provider, string key, DateTimeOffset startedAt, SendDetails details)
    {
        // A mail server answers with a reply code rather than an HTTP status.
        var status = details.HttpStatus is int s ? "HTTP " + s.ToString(CultureInfo.InvariantCulture)
            : details.ErrorCode is int code ? "reply " + code.ToString(CultureInfo.InvariantCulture)
            : "no answer";
        return Entry(number, at, TimelineEntryKind.PageFailed, System,
            $"{medium} to {details.To} not accepted by the {provider} after {details.Attempts} attempt(s) ({status}); will try again",
            $"{key}:retry:{startedAt.UtcTicks}", details with { Transient = true });
    }

    // ---- the incident room (chat) ---------------------------------------------------------------------------

    /// <summary>The longest chat message kept on the timeline; the permalink has the rest.</summary>
    public const int MaxChatText = 4000;

    /// <summary>A message a person posted in the incident's channel; one entry per message however often Slack sends it.</summary>
    /// <param name="author">The responder's name, or the Slack user id of someone not configured.</param>
    public static TimelineEntry ChatMessage(long number, DateTimeOffset at, string author, ChatMessageDetails details, string text) =>
        Entry(number, at, TimelineEntryKind.ChatMessage, author, Clip(text, MaxChatText), $"chat:{details.Channel}:{details.Ts}", details);

    /// <summary>What a <see cref="TimelineEntryKind.ChatPinned"/> summary starts with; the message's excerpt follows.</summary>
    public const string PinnedAsFinding = "Pinned as a finding: ";

    /// <summary>A channel message marked as a finding (a :pushpin: reaction); the post-mortem offers it.</summary>
    public static TimelineEntry ChatPinned(long number, DateTimeOffset at, string by, ChatMessageDetails message, string excerpt) =>
        Entry(number, at, TimelineEntryKind.ChatPinned, by, PinnedAsFinding + Clip(excerpt, 200), $"chat-pin:{message.Channel}:{message.Ts}", message);

    public static TimelineEntry RoomOpened(long number, DateTimeOffset at, RoomDetails room) =>
        Entry(number, at, TimelineEntryKind.RoomOpened, System,
            room.ChannelName is null ? $"Announced in {room.RoomTitle}" : $"{room.RoomTitle} channel #{room.ChannelName} opened",
            "room-opened:" + room.Room, room);

    /// <summary>Once per outage (keyed by its start): a room that cannot be reached, and that it will catch up.</summary>
    public static TimelineEntry RoomUnavailable(long number, DateTimeOffset at, DateTimeOffset since, RoomDetails room) =>
        Entry(number, at, TimelineEntryKind.RoomUnavailable, System,
            $"{room.RoomTitle} unavailable ({room.Error ?? "no answer"}); paging is not affected, and the channel catches up when {room.RoomTitle} answers again",
            $"room-down:{room.Room}:{since.UtcTicks}", room);

    public static TimelineEntry RoomRestored(long number, DateTimeOffset at, DateTimeOffset since, RoomDetails room) =>
        Entry(number, at, TimelineEntryKind.RoomRestored, System,
            $"{room.RoomTitle} answering again after {TimeText.Words(at - since)}; the channel has caught up",
            $"room-up:{room.Room}:{since.UtcTicks}", room);

    public static TimelineEntry RoomArchived(long number, DateTimeOffset at, RoomDetails room) =>
        Entry(number, at, TimelineEntryKind.RoomArchived, System, $"{room.RoomTitle} channel #{room.ChannelName} archived", "room-archived:" + room.Room, room);

    /// <summary>
    /// Once per incident and condition occurrence (keyed by its start): what is degraded, what it means for this
    /// incident, and who was told how ("Paging degraded: …; texts and calls are not going out. Admins told by email, Slack.").
    /// </summary>
    public static TimelineEntry PipelineDegraded(long number, DateTimeOffset at, PipelineDetails pipeline, string what, string impact) =>
        Entry(number, at, TimelineEntryKind.PipelineDegraded, System,
            $"Paging degraded: {what}; {impact}.{Told(pipeline.Told)}",
            $"pipeline-down:{pipeline.Condition}:{pipeline.Since.UtcTicks}", pipeline);

    public static TimelineEntry PipelineRecovered(long number, DateTimeOffset at, PipelineDetails pipeline, string what) =>
        Entry(number, at, TimelineEntryKind.PipelineRecovered, System,
            $"Paging recovered after {TimeText.Words(at - pipeline.Since)}: {what} works again.{Told(pipeline.Told)}",
            $"pipeline-up:{pipeline.Condition}:{pipeline.Since.UtcTicks}", pipeline);

    private static string Told(IReadOnlyList<string> media) => media.Count == 0 ? " No admin could be told." : $" Admins told by {string.Join(", ", media)}.";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    // ---- wording ---------------------------------------------------------------------------------------------

    public static string KindWord(NoteKind kind) => kind switch
    {
        NoteKind.RootCause => "Root cause",
        NoteKind.Hypothesis => "Hypothesis",
        NoteKind.Finding => "Finding",
        _ => "Note",
    };

    public static string ResultWord(ActionResult result) => result switch
    {
        ActionResult.Worked => "worked",
        ActionResult.NoEffect => "no effect",
        _ => "made worse",
    };

    public static string Describe(IncidentScope s)
    {
        var parts = new List<string>();
        if (s.AffectedServices.Count > 0)
        {
            parts.Add("services " + string.Join(", ", s.AffectedServices));
        }

        if (s.HostsAffected is int hosts)
        {
            parts.Add($"{hosts} hosts");
        }

        if (s.UsersAffected is int users)
        {
            parts.Add($"{users} users");
        }

        parts.Add(s.CustomerVisible ? "customer-visible" : "not customer-visible");
        if (!string.IsNullOrWhiteSpace(s.Notes))
        {
            parts.Add(s.Notes);
        }

        return string.Join("; ", parts);
    }

    private static TimelineEntry Entry(long number, DateTimeOffset at, TimelineEntryKind kind, string actor, string summary, string key, TimelineDetails? details = null) =>
        new(number, at, kind, actor, summary, key, details?.ToData());

    private static string Integration(NormalizedAlert alert) => "integration:" + alert.Format;

    private static string Reason(string? reason) => reason is null ? "" : $": {reason}";

    /// <summary>16 hex digits of SHA-256: a bounded key part for source strings of any length.</summary>
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

/// <summary>Who and through what, on an entry a person or a machine caused.</summary>
public static class AttributedEntries
{
    /// <summary>
    /// <paramref name="entry"/> as <paramref name="by"/> did it: its actor, and "via" (and "for" when recorded for
    /// someone else) in its data, so the timeline, the event stream and the post-mortem all carry both.
    /// </summary>
    public static TimelineEntry By(this TimelineEntry entry, Identity.Attribution by)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(by);
        var data = new Dictionary<string, string>(entry.Data ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [Identity.Attribution.ViaKey] = by.Via,
        };
        if (by.For is { } who)
        {
            data[Identity.Attribution.ForKey] = who;
        }

        return entry with { Actor = by.Name, Data = data };
    }

    /// <summary>
    /// Who did what an entry records, as a reader names them ("Alice", "Alice for Bob", "recorded by automation for
    /// Bob"), and through what; null for entries no one did (the system's) and for those written before "via" was kept.
    /// </summary>
    public static (string Who, string Via)? AttributionOf(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Data?.GetValueOrDefault(Identity.Attribution.ViaKey) is { } via
            ? (new Identity.Attribution(entry.Actor, via, entry.Data.GetValueOrDefault(Identity.Attribution.ForKey)).Label, via)
            : null;
    }
}

using System.Text.Json.Serialization;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>How bad and how long. Durations are never negative: inconsistent stamps (an ack recorded before the open) count as zero.</summary>
/// <param name="AffectedServices">From the last scope assessment; empty when scope was never assessed.</param>
/// <param name="CustomerVisible">Null when scope was never assessed.</param>
/// <param name="StartedAt">When the problem began: the source's start when it is earlier than the open, else the open.</param>
/// <param name="DetectedAt">When the incident was opened.</param>
/// <param name="TimeToDetect">Start to detection.</param>
/// <param name="TimeToAcknowledge">Detection to acknowledgement; null when nobody acknowledged.</param>
/// <param name="TimeToResolve">Detection to resolution (the same span the response report's MTTR averages).</param>
/// <param name="ImpactDuration">Start to resolution: how long the problem lasted as far as we know.</param>
public sealed record PostmortemImpact(
    [property: JsonConverter(typeof(CamelCaseEnumConverter<IncidentSeverity>))] IncidentSeverity Severity,
    IReadOnlyList<string> AffectedServices,
    int? HostsAffected,
    int? UsersAffected,
    bool? CustomerVisible,
    string? ScopeNotes,
    DateTimeOffset StartedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset ResolvedAt,
    TimeSpan TimeToDetect,
    TimeSpan? TimeToAcknowledge,
    TimeSpan TimeToResolve,
    TimeSpan ImpactDuration);

/// <summary>How the incident was noticed.</summary>
/// <param name="ReportedByHuman">A person opened it before any monitor did.</param>
/// <param name="AlertCount">Every firing of every alert, summed.</param>
/// <param name="FirstAlertSeenAt">Earliest <see cref="AlertFacts.FirstSeenAt"/>; null without alerts.</param>
/// <param name="LastAlertSeenAt">Latest <see cref="AlertFacts.LastSeenAt"/>; null without alerts.</param>
/// <param name="PlaybookUrls">The playbooks the responders had; empty when none existed.</param>
public sealed record PostmortemDetection(
    bool ReportedByHuman,
    IReadOnlyList<AlertFacts> Alerts,
    int AlertCount,
    DateTimeOffset? FirstAlertSeenAt,
    DateTimeOffset? LastAlertSeenAt,
    IReadOnlyList<string> PlaybookUrls);

/// <summary>One key event of the incident, in time order.</summary>
/// <param name="Kind">
/// The timeline entry kind it came from in camel case, as the API writes it ("incidentOpened", "pageSent"…); for facts
/// kept in their own lists "note" (findings and root causes), "actionRecorded", "actionConfirmed", "updatePosted";
/// "problemStarted" for the source's start of the problem.
/// </param>
public sealed record PostmortemEvent(DateTimeOffset At, string Actor, string Kind, string Text)
{
    /// <summary>Through what the actor did it (SMS, voice, slack, console, API token, automation key); null for the system's own events and drafts made before it was kept.</summary>
    public string? Via { get; init; }
}

/// <summary>A message from the incident's chat channel that people marked as carrying a finding.</summary>
/// <param name="At">When it was written: a pinned message's own time, not the pin's.</param>
/// <param name="Author">Who wrote it: a responder's name, or the chat user id of someone not configured.</param>
/// <param name="Kind">
/// <see cref="Pinned"/>: a channel message marked with a :pushpin: reaction; <see cref="Note"/>: a note made from the
/// channel (<c>/incident note …</c>).
/// </param>
/// <param name="Text">What it said; a note's kind leads its text ("Finding: …"), as on the incident's timeline.</param>
/// <param name="Permalink">Where to read it in the channel; null for a note (a slash command leaves no message).</param>
/// <param name="PinnedBy">Who pinned it; null for a note.</param>
public sealed record ChannelFinding(DateTimeOffset At, string Author, string Kind, string Text, string? Permalink, string? PinnedBy)
{
    public const string Pinned = "pinned";
    public const string Note = "note";
}

/// <summary>One action taken on the system during the incident.</summary>
/// <param name="Undo">How to undo it; "irreversible" for an action that cannot be undone; "not recorded" when nobody said.</param>
/// <param name="Outcome">What was observed ("worked: error rate back to normal"), or "unconfirmed".</param>
/// <param name="Result">Null while unconfirmed.</param>
public sealed record PostmortemAction(
    string Id,
    DateTimeOffset At,
    string By,
    string What,
    string Why,
    string ExpectedEffect,
    string Undo,
    bool Irreversible,
    string Outcome,
    [property: JsonConverter(typeof(CamelCaseEnumConverter<ActionResult>))] ActionResult? Result,
    string? ConfirmedBy,
    DateTimeOffset? ConfirmedAt)
{
    public const string IrreversibleUndo = "irreversible";
    public const string NotRecordedUndo = "not recorded";
    public const string Unconfirmed = "unconfirmed";
}

/// <summary>A follow-up to do after the incident.</summary>
/// <param name="Source"><see cref="Suggested"/> (drafted from the facts) or <see cref="Manual"/> (added by a person).</param>
public sealed record ActionItem(string Title, string Owner, DateTimeOffset DueBy, string Reason, string Source, bool Done)
{
    public const string Suggested = "suggested";
    public const string Manual = "manual";

    /// <summary>Owner of a suggested item when the incident had no lead.</summary>
    public const string Unassigned = "unassigned";
}

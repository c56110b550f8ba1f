using System.Text.Json;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using static IncidentFunctions.Domain.Postmortems.TimeText;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>
/// Drafts a post-mortem from an incident's facts. The judgement sections (went well, to change, lessons) are
/// pre-filled with facts only, as prompts for the people writing the review; nothing is guessed.
/// Every drafted text fits the limits of <see cref="PostmortemEditValidator"/>, so a draft can be sent back as an edit.
/// </summary>
public static class PostmortemDrafter
{
    /// <summary>Suggest tuning the alert once it fired this often into one incident.</summary>
    public const int NoisyAlertCount = 10;

    /// <summary>Suggest tuning the alert once the incident repeats this many earlier ones.</summary>
    public const int NoisyRepeatCount = 3;

    /// <summary>Suggested action items are due this long after resolution; SEV1 and SEV2 get <see cref="UrgentActionItemDue"/>.</summary>
    public static readonly TimeSpan ActionItemDue = TimeSpan.FromDays(14);

    public static readonly TimeSpan UrgentActionItemDue = TimeSpan.FromDays(7);

    /// <summary>
    /// Timeline kinds left out of the post-mortem timeline: FYI texts and reminders that only point at an event
    /// already there (the overdue update, the open action), entries about the post-mortem itself, and the incident
    /// channel's discussion. Every other kind, including ones added later, is kept by its summary.
    /// </summary>
    /// <remarks>
    /// Chat messages are left out because a busy channel has hundreds: they would bury the moves of the response, and
    /// the people writing the review have the channel. What they marked as a finding is not lost: the pins stay on the
    /// timeline (at the moment they were marked, with the excerpt) and the whole messages are offered in
    /// <see cref="Postmortem.FromChannel"/>. The channel's opening and outages stay too (when people gathered, and a
    /// chat service that was down during the response); its archiving comes after the incident.
    /// </remarks>
    private static readonly HashSet<TimelineEntryKind> NoiseKinds =
    [
        TimelineEntryKind.Notified,
        TimelineEntryKind.UpdateReminder,
        TimelineEntryKind.ActionReminder,
        TimelineEntryKind.PostmortemDrafted,
        TimelineEntryKind.PostmortemEdited,
        TimelineEntryKind.PostmortemCompleted,
        TimelineEntryKind.RetrospectiveReminder,
        TimelineEntryKind.ChatMessage,
        TimelineEntryKind.RoomArchived,
    ];

    /// <summary>
    /// The most channel messages a draft offers. Findings are few (people pin what matters), but a post-mortem is
    /// one table row: a channel where everything was pinned must not make the draft too big to store.
    /// </summary>
    public const int MaxChannelFindings = PostmortemEditValidator.MaxItems;

    /// <summary>The data a note made from the chat channel carries: "via" = "slack".</summary>
    private const string Via = "via";

    private const string ViaSlack = "slack";

    public static Postmortem Draft(PostmortemFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var impact = Impact(facts);
        var timeline = facts.Timeline.OrderBy(e => e.At).ToList();
        var context = new Context(facts, impact, timeline);

        return new Postmortem
        {
            IncidentNumber = facts.IncidentNumber,
            Service = facts.Service,
            Title = facts.Title,
            Lead = facts.Lead,
            Responders = [.. facts.Responders],
            Status = PostmortemStatus.Draft,
            DraftedAt = now,
            DueBy = facts.RetrospectiveDue is { } due ? facts.ResolvedAt + due : null,
            Summary = Clip(Summary(facts, impact), PostmortemEditValidator.MaxSummaryLength),
            Impact = impact,
            Detection = Detection(facts),
            Timeline = KeyEvents(facts, timeline),
            FromChannel = FromChannel(facts, timeline),
            Actions = [.. facts.Actions.OrderBy(a => a.At).Select(ToAction)],
            WentWell = Items(WentWell(context)),
            ToChange = Items(ToChange(context)),
            Lessons = Items(Lessons(context)),
            ActionItems = SuggestedActionItems(context),
        };
    }

    private sealed record Context(PostmortemFacts Facts, PostmortemImpact Impact, IReadOnlyList<TimelineEntry> Timeline)
    {
        public DateTimeOffset? FirstPageAt { get; } = Timeline.FirstOrDefault(e => e.Kind == TimelineEntryKind.PageSent)?.At;

        public int EscalationsBeforeAck { get; } = Timeline.Count(e =>
            e.Kind == TimelineEntryKind.Escalated && (Facts.AcknowledgedAt is not { } ack || e.At < ack));

        public int PageFailures { get; } = Timeline.Count(e => e.Kind == TimelineEntryKind.PageFailed);

        public int AlertCount { get; } = Facts.Alerts.Sum(a => a.Count);

        /// <summary>The alert the incident is "about": the one that fired most.</summary>
        public string AlertName { get; } = Facts.Alerts.MaxBy(a => a.Count)?.Title ?? Facts.Title;

        public int UpdatesPosted => Math.Max(Facts.Updates.Count, Facts.UpdatesLate);

        public bool IsNoisy => AlertCount >= NoisyAlertCount || Facts.RepeatOf.Count >= NoisyRepeatCount;
    }

    private static PostmortemImpact Impact(PostmortemFacts f)
    {
        var detected = f.OpenedAt;
        var started = f.FirstAlertStartsAt is { } source && source < detected ? source : detected;
        return new PostmortemImpact(
            f.Severity,
            f.Scope is { } scope ? [.. scope.AffectedServices] : [],
            f.Scope?.HostsAffected,
            f.Scope?.UsersAffected,
            f.Scope?.CustomerVisible,
            f.Scope?.Notes,
            started,
            detected,
            f.AcknowledgedAt,
            f.ResolvedAt,
            NotNegative(detected - started),
            f.AcknowledgedAt is { } ack ? NotNegative(ack - detected) : null,
            NotNegative(f.ResolvedAt - detected),
            NotNegative(f.ResolvedAt - started));
    }

    private static PostmortemDetection Detection(PostmortemFacts f) => new(
        f.ReportedByHuman,
        [.. f.Alerts.OrderBy(a => a.FirstSeenAt)],
        f.Alerts.Sum(a => a.Count),
        f.Alerts.Count == 0 ? null : f.Alerts.Min(a => a.FirstSeenAt),
        f.Alerts.Count == 0 ? null : f.Alerts.Max(a => a.LastSeenAt),
        [.. f.PlaybookUrls]);

    private static string Summary(PostmortemFacts f, PostmortemImpact impact)
    {
        var lines = new List<string>
        {
            f.Title,
            $"{Sev(f.Severity)} incident on {f.Service}, opened {Utc(f.OpenedAt)} and resolved {Utc(f.ResolvedAt)}, {Short(impact.TimeToResolve)} later.",
        };
        if (!string.IsNullOrWhiteSpace(f.ResolutionSummary))
        {
            lines.Add($"Resolution: {f.ResolutionSummary.Trim()}");
        }

        var rootCauses = f.Notes.Where(n => n.Kind == NoteKind.RootCause).OrderBy(n => n.At).ToList();
        lines.AddRange(rootCauses.Count == 0
            ? ["Root cause: not recorded yet."]
            : rootCauses.Select(n => $"Root cause ({n.By}): {n.Text.Trim()}"));
        // Blank lines between the parts: each is its own paragraph when the summary is rendered as Markdown.
        return string.Join("\n\n", lines);
    }

    /// <summary>
    /// The key events in time order. Timeline entries are kept by their summary, except noise: repeats of the same
    /// AlertReceived/AlertResolved (folded into the first, with a count), FYI texts, reminders and post-mortem bookkeeping.
    /// Notes (findings and root causes only), actions, outcomes and updates come from their own lists, which carry
    /// more detail than their timeline entries; those entries are used only when the list is empty.
    /// Opened, acknowledged and resolved are added from the facts when the timeline lacks them.
    /// </summary>
    private static List<PostmortemEvent> KeyEvents(PostmortemFacts f, IReadOnlyList<TimelineEntry> timeline)
    {
        var covered = new HashSet<TimelineEntryKind>(NoiseKinds);
        if (f.Notes.Count > 0)
        {
            covered.Add(TimelineEntryKind.Note);
        }

        if (f.Actions.Count > 0)
        {
            covered.UnionWith([TimelineEntryKind.ActionRecorded, TimelineEntryKind.ActionConfirmed]);
        }

        if (f.Updates.Count > 0)
        {
            covered.Add(TimelineEntryKind.UpdatePosted);
        }

        var events = new List<PostmortemEvent>();
        if (f.FirstAlertStartsAt is { } start && start < f.OpenedAt)
        {
            events.Add(new(start, "source", "problemStarted", "The problem began, according to the alert source"));
        }

        if (!timeline.Any(e => e.Kind == TimelineEntryKind.IncidentOpened))
        {
            events.Add(new(f.OpenedAt, "system", "incidentOpened",
                (f.ReportedByHuman ? "Incident reported: " : "Incident opened: ") + f.Title));
        }

        // Who did each record and through what is on its timeline entry (its key names the record): both go in the event.
        var byKey = timeline.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        PostmortemEvent Attributed(PostmortemEvent e, string key) => byKey.TryGetValue(key, out var entry) ? Attribute(e, entry) : e;

        var firstOfAlert = new Dictionary<(TimelineEntryKind, string), int>();
        var repeats = new Dictionary<int, int>();
        var pins = new HashSet<string>();
        foreach (var entry in timeline)
        {
            // A message pinned again (a second person's :pushpin:) is shown once, when it was first marked.
            if (covered.Contains(entry.Kind) || (entry.Kind == TimelineEntryKind.ChatPinned && !pins.Add(entry.Key)))
            {
                continue;
            }

            var kind = JsonNamingPolicy.CamelCase.ConvertName(entry.Kind.ToString());
            if (entry.Kind is TimelineEntryKind.AlertReceived or TimelineEntryKind.AlertResolved)
            {
                if (firstOfAlert.TryGetValue((entry.Kind, entry.Summary), out var first))
                {
                    repeats[first] = repeats.GetValueOrDefault(first) + 1;
                    continue;
                }

                firstOfAlert[(entry.Kind, entry.Summary)] = events.Count;
            }

            events.Add(Attribute(new(entry.At, entry.Actor, kind, entry.Summary), entry));
        }

        foreach (var (index, count) in repeats)
        {
            events[index] = events[index] with { Text = $"{events[index].Text} (and {Plural(count, "more time")})" };
        }

        foreach (var note in f.Notes.Where(n => n.Kind is NoteKind.Finding or NoteKind.RootCause))
        {
            events.Add(Attributed(new(note.At, note.By, "note", (note.Kind == NoteKind.RootCause ? "Root cause: " : "Finding: ") + note.Text), "note:" + note.Id));
        }

        foreach (var action in f.Actions)
        {
            events.Add(Attributed(new(action.At, action.By, "actionRecorded",
                $"{action.What} (why: {action.Why})" + (action.Irreversible ? " [irreversible]" : "")), "action:" + action.Id));
            if (action.Outcome is { } outcome)
            {
                events.Add(Attributed(new(outcome.At, outcome.By, "actionConfirmed", $"\"{action.What}\" {ResultWords(outcome.Result)}: {outcome.Observed}"), "outcome:" + action.Id));
            }
        }

        foreach (var update in f.Updates)
        {
            var audiences = update.Audiences.Count == 0 ? "" : " to " + string.Join(", ", update.Audiences.Select(a => a.ToString().ToLowerInvariant()));
            events.Add(Attributed(new(update.At, update.By, "updatePosted", $"Update{audiences}: {update.Text}" + (update.WasLate ? " (late)" : "")), "update:" + update.Id));
        }

        if (f.AcknowledgedAt is { } ack && !timeline.Any(e => e.Kind == TimelineEntryKind.Acknowledged))
        {
            events.Add(new(ack, "system", "acknowledged", "Acknowledged"));
        }

        if (!timeline.Any(e => e.Kind == TimelineEntryKind.Resolved))
        {
            events.Add(new(f.ResolvedAt, "system", "resolved", "Resolved"));
        }

        // Stable: events at the same instant keep the order above (opened before what follows it, resolved last).
        var ordered = events.OrderBy(e => e.At).ToList();
        var resolved = ordered.FindLastIndex(e => e.Kind == "resolved");
        if (resolved >= 0 && !string.IsNullOrWhiteSpace(f.ResolutionSummary))
        {
            ordered[resolved] = ordered[resolved] with { Text = $"{ordered[resolved].Text}: {f.ResolutionSummary.Trim()}" };
        }

        return ordered;
    }

    /// <summary>An event as its timeline entry attributes it: who (both names when recorded for someone) and through what.</summary>
    private static PostmortemEvent Attribute(PostmortemEvent e, TimelineEntry entry) =>
        AttributedEntries.AttributionOf(entry) is var (who, via) ? e with { Actor = who, Via = via } : e;

    /// <summary>
    /// What the incident's channel found: every pinned message (its author, time and text from its own entry; the pin's
    /// excerpt when the message itself was not kept) and every note made from the channel, in time order. The rest of
    /// the discussion is not offered: a review reads what was found, not everything that was said.
    /// </summary>
    private static List<ChannelFinding> FromChannel(PostmortemFacts f, IReadOnlyList<TimelineEntry> timeline)
    {
        var messages = new Dictionary<(string Channel, string Ts), TimelineEntry>();
        foreach (var entry in timeline.Where(e => e.Kind == TimelineEntryKind.ChatMessage))
        {
            if (ChatMessageDetails.From(entry.Data) is { } message)
            {
                messages.TryAdd((message.Channel, message.Ts), entry);
            }
        }

        var findings = new List<ChannelFinding>();
        var pinned = new HashSet<(string, string)>();
        foreach (var pin in timeline.Where(e => e.Kind == TimelineEntryKind.ChatPinned))
        {
            // A message pinned again (or by two people) is one finding: the first pin says who marked it.
            if (ChatMessageDetails.From(pin.Data) is not { } details || !pinned.Add((details.Channel, details.Ts)))
            {
                continue;
            }

            var message = messages.GetValueOrDefault((details.Channel, details.Ts));
            var text = message?.Summary ?? (pin.Summary.StartsWith(TimelineEntries.PinnedAsFinding, StringComparison.Ordinal)
                ? pin.Summary[TimelineEntries.PinnedAsFinding.Length..]
                : pin.Summary);
            findings.Add(new ChannelFinding(message?.At ?? pin.At, message?.Actor ?? details.User, ChannelFinding.Pinned,
                Clip(text, PostmortemEditValidator.MaxItemLength), details.Permalink ?? ChatMessageDetails.From(message?.Data)?.Permalink, pin.Actor));
        }

        // The note's own record has its whole text; the timeline entry (keyed "note:<id>") says where it was made.
        var notes = f.Notes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var entry in timeline.Where(e => e.Kind == TimelineEntryKind.Note && e.Data?.GetValueOrDefault(Via) == ViaSlack))
        {
            var note = entry.Key.StartsWith("note:", StringComparison.Ordinal) ? notes.GetValueOrDefault(entry.Key["note:".Length..]) : null;
            findings.Add(note is null
                ? new ChannelFinding(entry.At, entry.Actor, ChannelFinding.Note, Clip(entry.Summary, PostmortemEditValidator.MaxItemLength), null, null)
                : new ChannelFinding(note.At, note.By, ChannelFinding.Note,
                    Clip($"{TimelineEntries.KindWord(note.Kind)}: {note.Text}", PostmortemEditValidator.MaxItemLength), null, null));
        }

        return [.. findings.OrderBy(c => c.At).Take(MaxChannelFindings)];
    }

    private static PostmortemAction ToAction(IncidentAction a) => new(
        a.Id, a.At, a.By, a.What, a.Why, a.ExpectedEffect,
        a.Irreversible ? PostmortemAction.IrreversibleUndo : string.IsNullOrWhiteSpace(a.Undo) ? PostmortemAction.NotRecordedUndo : a.Undo,
        a.Irreversible,
        a.Outcome is { } o ? $"{ResultWords(o.Result)}: {o.Observed}" : PostmortemAction.Unconfirmed,
        a.Outcome?.Result,
        a.Outcome?.By,
        a.Outcome?.At);

    private static IEnumerable<string> WentWell(Context c)
    {
        var f = c.Facts;
        if (!f.ReportedByHuman && f.Alerts.Count > 0)
        {
            yield return "Monitoring detected it before anyone reported it";
        }

        if (f.AcknowledgedAt is not null && c.FirstPageAt is not null && c.EscalationsBeforeAck == 0)
        {
            yield return "Acknowledged by the first responders paged; no escalation was needed";
        }

        if (f.PlaybookUrls.Count > 0)
        {
            yield return f.PlaybookUrls.Count == 1 ? "A playbook existed for this alert" : $"{N(f.PlaybookUrls.Count)} playbooks existed for this alert";
        }

        if (f.Updates.Count > 0 && f.UpdatesLate == 0 && f.UpdatesMissed == 0)
        {
            yield return f.Updates.Count == 1 ? "The 1 update was on time" : $"All {N(f.Updates.Count)} updates were on time";
        }

        foreach (var action in f.Actions.Where(a => a.Outcome?.Result == ActionResult.Worked).OrderBy(a => a.At))
        {
            yield return $"\"{Clip(action.What, 200)}\" worked: {action.Outcome!.Observed}";
        }

        if (f.Actions.Count > 0 && f.Actions.All(a => a.Outcome is not null))
        {
            yield return f.Actions.Count == 1 ? "The action's effect was confirmed" : $"The effect of all {N(f.Actions.Count)} actions was confirmed";
        }
    }

    private static IEnumerable<string> ToChange(Context c)
    {
        var f = c.Facts;
        if (f.ReportedByHuman)
        {
            var firstAlert = c.Facts.Alerts.Count == 0 ? (DateTimeOffset?)null : f.Alerts.Min(a => a.FirstSeenAt);
            yield return firstAlert switch
            {
                null => "No monitor alerted; a person reported it",
                { } at when at > f.OpenedAt => $"A person reported it {Short(at - f.OpenedAt)} before the first alert",
                _ => "A person reported it before any monitor alerted",
            };
        }

        if (f.AcknowledgedAt is null)
        {
            yield return "Nobody acknowledged before it was resolved";
        }

        if (c.EscalationsBeforeAck > 0)
        {
            yield return $"Escalated {Plural(c.EscalationsBeforeAck, "time")} before anyone acknowledged";
        }

        if (c.PageFailures > 0)
        {
            yield return c.PageFailures == 1 ? "1 page failed to send" : $"{N(c.PageFailures)} pages failed to send";
        }

        if (string.IsNullOrWhiteSpace(f.Lead))
        {
            yield return "No lead was assigned";
        }

        if (f.PlaybookUrls.Count == 0)
        {
            yield return NoPlaybook;
        }

        if (c.AlertCount >= NoisyAlertCount)
        {
            yield return AlertCountFact(c);
        }

        foreach (var fact in UpdateFacts(c))
        {
            yield return fact;
        }

        var irreversible = f.Actions.Count(a => a.Irreversible && a.IsOpen);
        if (irreversible > 0)
        {
            yield return irreversible == 1 ? "1 irreversible action was never confirmed" : $"{N(irreversible)} irreversible actions were never confirmed";
        }

        var reversible = f.Actions.Count(a => !a.Irreversible && a.IsOpen);
        if (reversible > 0)
        {
            yield return reversible == 1
                ? "1 action was never confirmed and may still be in place"
                : $"{N(reversible)} actions were never confirmed and may still be in place";
        }

        foreach (var action in f.Actions.Where(a => a.Outcome?.Result == ActionResult.MadeWorse).OrderBy(a => a.At))
        {
            yield return $"\"{Clip(action.What, 200)}\" made things worse: {action.Outcome!.Observed}";
        }
    }

    private static IEnumerable<string> Lessons(Context c)
    {
        var f = c.Facts;
        if (c.Impact.TimeToDetect > TimeSpan.Zero)
        {
            yield return $"Detected {Short(c.Impact.TimeToDetect)} after the problem began";
        }

        if (f.AcknowledgedAt is { } ack)
        {
            yield return c.FirstPageAt is { } page
                ? $"Acknowledged {Short(ack - page)} after the first page"
                : $"Acknowledged {Short(ack - f.OpenedAt)} after the incident opened";
        }

        yield return $"Resolved {Short(c.Impact.TimeToResolve)} after it was opened";

        var rootCauses = f.Notes.Where(n => n.Kind == NoteKind.RootCause).OrderBy(n => n.At).ToList();
        if (rootCauses.Count == 0)
        {
            yield return "No root cause was recorded during the response";
        }

        foreach (var note in rootCauses)
        {
            yield return $"Root cause (noted by {note.By}): {note.Text}";
        }

        foreach (var action in f.Actions.Where(a => a.Outcome?.Result == ActionResult.NoEffect).OrderBy(a => a.At))
        {
            yield return $"\"{Clip(action.What, 200)}\" had no effect: {action.Outcome!.Observed}";
        }

        foreach (var repeat in f.RepeatOf.OrderByDescending(r => r.ResolvedAt))
        {
            yield return RepeatFact(f, repeat);
        }
    }

    private static List<ActionItem> SuggestedActionItems(Context c)
    {
        var f = c.Facts;
        var owner = string.IsNullOrWhiteSpace(f.Lead) ? ActionItem.Unassigned : f.Lead.Trim();
        var due = f.ResolvedAt + (f.Severity is IncidentSeverity.Sev1 or IncidentSeverity.Sev2 ? UrgentActionItemDue : ActionItemDue);
        var items = new List<ActionItem>();

        void Suggest(string title, string reason) => items.Add(new ActionItem(
            Clip(title, PostmortemEditValidator.MaxTitleLength), owner, due, Clip(reason, PostmortemEditValidator.MaxItemLength), ActionItem.Suggested, Done: false));

        if (f.PlaybookUrls.Count == 0)
        {
            Suggest($"Write a playbook for \"{Clip(c.AlertName, 120)}\"", NoPlaybook);
        }

        if (f.RepeatOf.Count > 0)
        {
            var repeats = f.RepeatOf.OrderByDescending(r => r.ResolvedAt).ToList();
            Suggest($"Fix the recurring cause (repeat of {string.Join(", ", repeats.Take(5).Select(r => "INC " + N(r.IncidentNumber)))})",
                string.Join("; ", repeats.Select(r => RepeatFact(f, r))));
        }

        if (c.IsNoisy)
        {
            var reasons = new List<string>();
            if (c.AlertCount >= NoisyAlertCount)
            {
                reasons.Add(AlertCountFact(c));
            }

            if (f.RepeatOf.Count >= NoisyRepeatCount)
            {
                reasons.Add($"It repeated {N(f.RepeatOf.Count)} earlier incidents");
            }

            Suggest($"Tune the noisy alert \"{Clip(c.AlertName, 120)}\"", string.Join("; ", reasons));
        }

        foreach (var action in f.Actions.Where(a => a.IsOpen).OrderBy(a => a.At))
        {
            var what = Clip(action.What, 120);
            if (action.Irreversible)
            {
                Suggest($"Confirm the effect of the irreversible action \"{what}\"",
                    $"Irreversible action by {action.By} at {Utc(action.At)} was never confirmed; expected: {action.ExpectedEffect}");
            }
            else
            {
                Suggest($"Confirm or undo \"{what}\"",
                    $"Action by {action.By} at {Utc(action.At)} was never confirmed; undo: {(string.IsNullOrWhiteSpace(action.Undo) ? PostmortemAction.NotRecordedUndo : action.Undo)}");
            }
        }

        var updateFacts = UpdateFacts(c).ToList();
        if (updateFacts.Count > 0)
        {
            Suggest(f.UpdateCadence is { } cadence ? $"Improve the status update cadence (due every {Short(cadence)})" : "Improve the status update cadence",
                string.Join("; ", updateFacts));
        }

        return items;
    }

    private const string NoPlaybook = "No playbook existed for this alert";

    private static IEnumerable<string> UpdateFacts(Context c)
    {
        var late = c.Facts.UpdatesLate;
        if (late > 0)
        {
            yield return late == 1 ? $"1 of {Plural(c.UpdatesPosted, "update")} was late" : $"{N(late)} of {Plural(c.UpdatesPosted, "update")} were late";
        }

        var missed = c.Facts.UpdatesMissed;
        if (missed > 0)
        {
            yield return missed == 1 ? "1 update was missed" : $"{N(missed)} updates were missed";
        }
    }

    private static string AlertCountFact(Context c)
    {
        var alerts = c.Facts.Alerts;
        if (alerts.Count == 1)
        {
            return $"The alert fired {N(c.AlertCount)} times";
        }

        var noisiest = alerts.MaxBy(a => a.Count)!;
        return $"{N(alerts.Count)} alerts fired {N(c.AlertCount)} times in all; \"{Clip(noisiest.Title, 120)}\" fired {N(noisiest.Count)} times";
    }

    private static string RepeatFact(PostmortemFacts f, RepeatLink repeat)
    {
        var text = $"Repeat of INC {N(repeat.IncidentNumber)} (resolved {Words(NotNegative(f.OpenedAt - repeat.ResolvedAt))} before)";
        var open = repeat.OpenActionItems.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        return open.Count == 0
            ? text
            : $"{text}; {(open.Count == 1 ? "1 of its action items is" : N(open.Count) + " of its action items are")} still open: {string.Join("; ", open)}";
    }

    private static string ResultWords(ActionResult result) => result switch
    {
        ActionResult.Worked => "worked",
        ActionResult.NoEffect => "had no effect",
        ActionResult.MadeWorse => "made things worse",
        _ => result.ToString(),
    };

    internal static string Sev(IncidentSeverity severity) => "SEV" + N((int)severity);

    private static List<string> Items(IEnumerable<string> items) => [.. items.Select(i => Clip(i, PostmortemEditValidator.MaxItemLength))];

    /// <summary>Cuts free text that would break the edit limits, marking the cut.</summary>
    internal static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

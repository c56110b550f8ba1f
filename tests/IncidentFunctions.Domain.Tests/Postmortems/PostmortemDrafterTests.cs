using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using static IncidentFunctions.Domain.Tests.Postmortems.PostmortemFactsBuilder;

namespace IncidentFunctions.Domain.Tests.Postmortems;

public class PostmortemDrafterTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private static Postmortem Draft(PostmortemFactsBuilder facts) => PostmortemDrafter.Draft(facts.Build(), Now);

    private static IEnumerable<string> AllPrompts(Postmortem p) => [.. p.WentWell, .. p.ToChange, .. p.Lessons];

    [Fact]
    public void Impact_durations_are_measured_from_the_source_start_and_the_open()
    {
        var draft = Draft(new PostmortemFactsBuilder().With(f => f with { FirstAlertStartsAt = T0.AddMinutes(-5) }));

        var impact = draft.Impact;
        Assert.Equal(T0.AddMinutes(-5), impact.StartedAt);
        Assert.Equal(T0, impact.DetectedAt);
        Assert.Equal(At(3), impact.AcknowledgedAt);
        Assert.Equal(At(60), impact.ResolvedAt);
        Assert.Equal(TimeSpan.FromMinutes(5), impact.TimeToDetect);
        Assert.Equal(TimeSpan.FromMinutes(3), impact.TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(60), impact.TimeToResolve);
        Assert.Equal(TimeSpan.FromMinutes(65), impact.ImpactDuration);
        Assert.Equal(IncidentSeverity.Sev2, impact.Severity);
    }

    [Fact]
    public void A_source_start_after_the_open_does_not_move_the_start()
    {
        var impact = Draft(new PostmortemFactsBuilder().With(f => f with { FirstAlertStartsAt = At(2) })).Impact;

        Assert.Equal(T0, impact.StartedAt);
        Assert.Equal(TimeSpan.Zero, impact.TimeToDetect);
    }

    [Fact]
    public void An_acknowledgement_stamped_before_the_open_counts_as_zero()
    {
        var impact = Draft(new PostmortemFactsBuilder().With(f => f with { AcknowledgedAt = T0.AddSeconds(-2) })).Impact;

        Assert.Equal(TimeSpan.Zero, impact.TimeToAcknowledge);
    }

    [Fact]
    public void An_incident_nobody_acknowledged_has_no_time_to_acknowledge_and_says_so()
    {
        var draft = Draft(new PostmortemFactsBuilder().With(f => f with { AcknowledgedAt = null }));

        Assert.Null(draft.Impact.TimeToAcknowledge);
        Assert.Contains("Nobody acknowledged before it was resolved", draft.ToChange);
    }

    [Fact]
    public void Scope_fills_the_impact_when_it_was_assessed()
    {
        var scope = new IncidentScope(["checkout", "payments"], 3, 1200, CustomerVisible: true, "EU only", At(15), "Alice");

        var impact = Draft(new PostmortemFactsBuilder().With(f => f with { Scope = scope })).Impact;

        Assert.Equal(["checkout", "payments"], impact.AffectedServices);
        Assert.Equal(3, impact.HostsAffected);
        Assert.Equal(1200, impact.UsersAffected);
        Assert.True(impact.CustomerVisible);
        Assert.Equal("EU only", impact.ScopeNotes);
    }

    [Fact]
    public void Scope_never_assessed_leaves_the_impact_scope_empty()
    {
        var impact = Draft(new PostmortemFactsBuilder()).Impact;

        Assert.Empty(impact.AffectedServices);
        Assert.Null(impact.CustomerVisible);
    }

    [Fact]
    public void The_draft_is_a_draft_stamped_now_and_due_after_the_retrospective_allowance()
    {
        var draft = Draft(new PostmortemFactsBuilder().With(f => f with { RetrospectiveDue = TimeSpan.FromDays(3) }));

        Assert.Equal(PostmortemStatus.Draft, draft.Status);
        Assert.Equal(Now, draft.DraftedAt);
        Assert.Equal(At(60).AddDays(3), draft.DueBy);
        Assert.Null(draft.CompletedAt);
        Assert.Null(draft.CompletedBy);
    }

    [Fact]
    public void No_retrospective_allowance_means_no_due_date()
    {
        Assert.Null(Draft(new PostmortemFactsBuilder()).DueBy);
    }

    [Fact]
    public void The_summary_is_prefilled_from_the_title_the_resolution_and_the_root_cause()
    {
        var summary = Draft(new PostmortemFactsBuilder()).Summary;

        Assert.StartsWith("Checkout latency high\n", summary, StringComparison.Ordinal);
        Assert.Contains("SEV2 incident on checkout", summary, StringComparison.Ordinal);
        Assert.Contains("Resolution: Rolled back release 2025.03.1", summary, StringComparison.Ordinal);
        Assert.Contains("Root cause (Alice): Release 2025.03.1 disabled the price cache", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_asks_for_a_root_cause_when_none_was_noted()
    {
        var summary = Draft(new PostmortemFactsBuilder().With(f => f with { Notes = [] })).Summary;

        Assert.Contains("Root cause: not recorded yet.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_lists_the_alerts_with_their_counts_and_first_and_last_sightings()
    {
        var alerts = new[]
        {
            new AlertFacts("grafana", "Error rate", "err", 3, At(4), At(30)),
            new AlertFacts("alertmanager", "Latency", "lat", 2, At(1), At(20)),
        };

        var detection = Draft(new PostmortemFactsBuilder().With(f => f with { Alerts = alerts })).Detection;

        Assert.False(detection.ReportedByHuman);
        Assert.Equal(["Latency", "Error rate"], detection.Alerts.Select(a => a.Title));
        Assert.Equal(5, detection.AlertCount);
        Assert.Equal(At(1), detection.FirstAlertSeenAt);
        Assert.Equal(At(30), detection.LastAlertSeenAt);
        Assert.Equal(["https://wiki.example/playbooks/checkout-latency"], detection.PlaybookUrls);
    }

    [Fact]
    public void A_person_reporting_before_any_monitor_is_a_thing_to_change()
    {
        var draft = Draft(new PostmortemFactsBuilder().With(f => f with
        {
            ReportedByHuman = true,
            Alerts = [new AlertFacts("grafana", "Latency", "lat", 1, At(12), At(12))],
        }));

        Assert.True(draft.Detection.ReportedByHuman);
        Assert.Contains("A person reported it 12 min before the first alert", draft.ToChange);
        Assert.DoesNotContain("Monitoring detected it before anyone reported it", draft.WentWell);
    }

    [Fact]
    public void The_timeline_keeps_key_events_in_time_order_and_drops_fyi_texts()
    {
        var timeline = Draft(new PostmortemFactsBuilder()).Timeline;

        Assert.Equal(
            [
                "alertReceived", "incidentOpened", "pageSent", "acknowledged", "leadAssigned", "updatePosted", "note",
                "actionRecorded", "updatePosted", "actionConfirmed", "note", "resolved",
            ],
            timeline.Select(e => e.Kind));
        Assert.Equal(timeline.OrderBy(e => e.At).Select(e => e.At), timeline.Select(e => e.At));
        Assert.DoesNotContain(timeline, e => e.Text.Contains("Told Bob", StringComparison.Ordinal));
    }

    [Fact]
    public void The_timeline_shows_findings_and_root_causes_but_not_hypotheses()
    {
        var notes = Draft(new PostmortemFactsBuilder()).Timeline.Where(e => e.Kind == "note").Select(e => e.Text);

        Assert.Equal(["Finding: p99 rose right after the 09:55 deploy", "Root cause: Release 2025.03.1 disabled the price cache"], notes);
    }

    [Fact]
    public void The_timeline_shows_actions_their_outcomes_and_updates_with_who_and_when()
    {
        var timeline = Draft(new PostmortemFactsBuilder()).Timeline;

        Assert.Contains(new PostmortemEvent(At(30), "Alice", "actionRecorded", "Rolled back to 2025.02.7 (why: The deploy matches the start)"), timeline);
        Assert.Contains(new PostmortemEvent(At(40), "Alice", "actionConfirmed", "\"Rolled back to 2025.02.7\" worked: p99 at 180 ms"), timeline);
        Assert.Contains(new PostmortemEvent(At(35), "Alice", "updatePosted", "Update to team, leadership: Rolling back"), timeline);
    }

    [Fact]
    public void The_resolved_event_carries_the_resolution_summary()
    {
        var resolved = Draft(new PostmortemFactsBuilder()).Timeline[^1];

        Assert.Equal(new PostmortemEvent(At(60), "Alice", "resolved", "Resolved by Alice via sms: Rolled back release 2025.03.1"), resolved);
    }

    [Fact]
    public void Repeated_alerts_are_folded_into_the_first_with_a_count()
    {
        var draft = Draft(new PostmortemFactsBuilder().WithTimeline(
            Entry(5, TimelineEntryKind.AlertReceived, "integration:alertmanager", "Alert received: Checkout latency high"),
            Entry(9, TimelineEntryKind.AlertReceived, "integration:alertmanager", "Alert received: Checkout latency high"),
            Entry(9, TimelineEntryKind.AlertReceived, "integration:grafana", "Alert received: Error rate")));

        var alerts = draft.Timeline.Where(e => e.Kind == "alertReceived").ToList();

        Assert.Equal(2, alerts.Count);
        Assert.Equal("Alert received: Checkout latency high (and 2 more times)", alerts[0].Text);
        Assert.Equal(T0, alerts[0].At);
        Assert.Equal("Alert received: Error rate", alerts[1].Text);
    }

    [Fact]
    public void Escalations_and_unknown_entry_kinds_are_kept_by_their_summary()
    {
        var unknown = (TimelineEntryKind)999;

        var draft = Draft(new PostmortemFactsBuilder().WithTimeline(
            Entry(2, TimelineEntryKind.Escalated, "system", "Nobody acknowledged in time; escalated to tier 2"),
            Entry(25, unknown, "Bob", "Severity raised to SEV1")));

        Assert.Contains(new PostmortemEvent(At(2), "system", "escalated", "Nobody acknowledged in time; escalated to tier 2"), draft.Timeline);
        Assert.Contains(draft.Timeline, e => e.At == At(25) && e.Actor == "Bob" && e.Text == "Severity raised to SEV1");
    }

    [Fact]
    public void Reminders_and_post_mortem_bookkeeping_are_left_out_of_the_timeline()
    {
        var draft = Draft(new PostmortemFactsBuilder().WithTimeline(
            Entry(34, TimelineEntryKind.UpdateReminder, "system", "Update due in 1 min"),
            Entry(50, TimelineEntryKind.ActionReminder, "system", "Confirm the rollback"),
            Entry(36, TimelineEntryKind.UpdateOverdue, "system", "Update overdue"),
            Entry(61, TimelineEntryKind.PostmortemDrafted, "system", "Post-mortem drafted"),
            Entry(70, TimelineEntryKind.PostmortemEdited, "Alice", "Post-mortem edited"),
            Entry(80, TimelineEntryKind.RetrospectiveReminder, "system", "Retrospective due"),
            Entry(90, TimelineEntryKind.PostmortemCompleted, "Alice", "Post-mortem completed")));

        var added = draft.Timeline.Select(e => e.Kind).Except(Draft(new PostmortemFactsBuilder()).Timeline.Select(e => e.Kind));

        Assert.Equal(["updateOverdue"], added);
    }

    [Fact]
    public void Timeline_notes_actions_and_updates_give_way_to_their_records()
    {
        var draft = Draft(new PostmortemFactsBuilder().WithTimeline(
            Entry(20, TimelineEntryKind.Note, "Alice", "Note: p99 rose right after the 09:55 deploy"),
            Entry(30, TimelineEntryKind.ActionRecorded, "Alice", "Action: rolled back"),
            Entry(40, TimelineEntryKind.ActionConfirmed, "Alice", "Rollback worked"),
            Entry(35, TimelineEntryKind.UpdatePosted, "Alice", "Update: rolling back")));

        Assert.Equal(Draft(new PostmortemFactsBuilder()).Timeline, draft.Timeline);
    }

    [Fact]
    public void Timeline_notes_actions_and_updates_are_kept_when_there_are_no_records()
    {
        var draft = Draft(new PostmortemFactsBuilder()
            .With(f => f with { Notes = [], Actions = [], Updates = [] })
            .WithTimeline(
                Entry(20, TimelineEntryKind.Note, "Alice", "Note: p99 rose right after the 09:55 deploy"),
                Entry(30, TimelineEntryKind.ActionRecorded, "Alice", "Action: rolled back"),
                Entry(35, TimelineEntryKind.UpdatePosted, "Alice", "Update: rolling back"),
                Entry(40, TimelineEntryKind.ActionConfirmed, "Alice", "Rollback worked")));

        Assert.Equal(
            ["note", "actionRecorded", "updatePosted", "actionConfirmed"],
            draft.Timeline.Where(e => e.At > At(3) && e.At < At(60)).Select(e => e.Kind));
    }

    [Fact]
    public void Without_a_timeline_the_open_acknowledgement_and_resolution_come_from_the_facts()
    {
        var draft = Draft(new PostmortemFactsBuilder().WithoutTimeline().With(f => f with { FirstAlertStartsAt = T0.AddMinutes(-4) }));

        var keyEvents = draft.Timeline.Where(e => e.Kind is "problemStarted" or "incidentOpened" or "acknowledged" or "resolved").ToList();
        Assert.Equal(
            [
                new PostmortemEvent(T0.AddMinutes(-4), "source", "problemStarted", "The problem began, according to the alert source"),
                new PostmortemEvent(T0, "system", "incidentOpened", "Incident opened: Checkout latency high"),
                new PostmortemEvent(At(3), "system", "acknowledged", "Acknowledged"),
                new PostmortemEvent(At(60), "system", "resolved", "Resolved: Rolled back release 2025.03.1"),
            ],
            keyEvents);
    }

    [Fact]
    public void Actions_say_how_to_undo_them_or_that_they_are_irreversible_and_whether_they_were_confirmed()
    {
        var actions = Draft(new PostmortemFactsBuilder().UnconfirmedAction(irreversible: true)).Actions;

        Assert.Equal(2, actions.Count);
        Assert.Equal("Redeploy 2025.03.1", actions[0].Undo);
        Assert.Equal("worked: p99 at 180 ms", actions[0].Outcome);
        Assert.Equal(ActionResult.Worked, actions[0].Result);
        Assert.Equal("Alice", actions[0].ConfirmedBy);
        Assert.Equal("irreversible", actions[1].Undo);
        Assert.Equal("unconfirmed", actions[1].Outcome);
        Assert.Null(actions[1].Result);
        Assert.Equal("Fresh prices", actions[1].ExpectedEffect);
    }

    [Fact]
    public void Prompts_state_the_acknowledgement_time_from_the_first_page()
    {
        Assert.Contains("Acknowledged 2 min after the first page", Draft(new PostmortemFactsBuilder()).Lessons);
    }

    [Fact]
    public void Prompts_count_late_and_missed_updates()
    {
        var draft = Draft(new PostmortemFactsBuilder().Updates(posted: 5, late: 2, missed: 1));

        Assert.Contains("2 of 5 updates were late", draft.ToChange);
        Assert.Contains("1 update was missed", draft.ToChange);
    }

    [Fact]
    public void Prompts_say_when_no_playbook_existed()
    {
        Assert.Contains("No playbook existed for this alert", Draft(new PostmortemFactsBuilder().WithoutPlaybook()).ToChange);
    }

    [Fact]
    public void Prompts_say_how_often_a_noisy_alert_fired()
    {
        Assert.Contains("The alert fired 37 times", Draft(new PostmortemFactsBuilder().AlertFired(37)).ToChange);
    }

    [Fact]
    public void Prompts_name_the_incident_this_one_repeats_and_its_open_items()
    {
        var draft = Draft(new PostmortemFactsBuilder().RepeatOf(17, TimeSpan.FromDays(3), "Add a cache health check"));

        Assert.Contains("Repeat of INC 17 (resolved 3 days before); 1 of its action items is still open: Add a cache health check", draft.Lessons);
    }

    [Fact]
    public void Prompts_count_irreversible_actions_never_confirmed()
    {
        Assert.Contains("1 irreversible action was never confirmed", Draft(new PostmortemFactsBuilder().UnconfirmedAction(irreversible: true)).ToChange);
    }

    [Fact]
    public void Prompts_count_escalations_before_the_acknowledgement_and_failed_pages()
    {
        var draft = Draft(new PostmortemFactsBuilder().WithTimeline(
            Entry(2, TimelineEntryKind.Escalated, "system", "Nobody acknowledged in time; escalated to tier 2"),
            Entry(2, TimelineEntryKind.PageFailed, "system", "Page to Bob failed"),
            Entry(30, TimelineEntryKind.Escalated, "Alice", "Escalated to tier 3 at the request of Alice")));

        Assert.Contains("Escalated 1 time before anyone acknowledged", draft.ToChange);
        Assert.Contains("1 page failed to send", draft.ToChange);
        Assert.DoesNotContain(draft.WentWell, w => w.Contains("no escalation", StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_facts_are_prompted_as_what_went_well()
    {
        var draft = Draft(new PostmortemFactsBuilder());

        Assert.Equal(
            [
                "Monitoring detected it before anyone reported it",
                "Acknowledged by the first responders paged; no escalation was needed",
                "A playbook existed for this alert",
                "All 2 updates were on time",
                "\"Rolled back to 2025.02.7\" worked: p99 at 180 ms",
                "The action's effect was confirmed",
            ],
            draft.WentWell);
        Assert.Empty(draft.ToChange);
        Assert.Equal(
            ["Acknowledged 2 min after the first page", "Resolved 1 h after it was opened", "Root cause (noted by Alice): Release 2025.03.1 disabled the price cache"],
            draft.Lessons);
    }

    [Fact]
    public void Clean_facts_suggest_no_action_items()
    {
        Assert.Empty(Draft(new PostmortemFactsBuilder()).ActionItems);
    }

    [Fact]
    public void A_missing_playbook_suggests_writing_one()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().WithoutPlaybook()).ActionItems);

        Assert.Equal(new ActionItem("Write a playbook for \"Checkout latency high\"", "Alice", At(60).AddDays(7),
            "No playbook existed for this alert", ActionItem.Suggested, Done: false), item);
    }

    [Fact]
    public void A_repeat_suggests_fixing_the_recurring_cause()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().RepeatOf(17, TimeSpan.FromDays(3))).ActionItems);

        Assert.Equal("Fix the recurring cause (repeat of INC 17)", item.Title);
        Assert.Equal("Repeat of INC 17 (resolved 3 days before)", item.Reason);
    }

    [Fact]
    public void An_alert_that_fired_ten_times_suggests_tuning_it()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().AlertFired(10)).ActionItems);

        Assert.Equal("Tune the noisy alert \"Checkout latency high\"", item.Title);
        Assert.Equal("The alert fired 10 times", item.Reason);
    }

    [Fact]
    public void An_alert_that_fired_nine_times_is_not_called_noisy()
    {
        var draft = Draft(new PostmortemFactsBuilder().AlertFired(9));

        Assert.Empty(draft.ActionItems);
        Assert.DoesNotContain(draft.ToChange, t => t.Contains("fired", StringComparison.Ordinal));
    }

    [Fact]
    public void Three_repeats_suggest_tuning_the_alert_as_well_as_fixing_the_cause()
    {
        var draft = Draft(new PostmortemFactsBuilder()
            .RepeatOf(17, TimeSpan.FromDays(3))
            .RepeatOf(12, TimeSpan.FromDays(9))
            .RepeatOf(20, TimeSpan.FromHours(5)));

        Assert.Equal(
            ["Fix the recurring cause (repeat of INC 20, INC 17, INC 12)", "Tune the noisy alert \"Checkout latency high\""],
            draft.ActionItems.Select(i => i.Title));
        Assert.Equal("It repeated 3 earlier incidents", draft.ActionItems[1].Reason);
    }

    [Fact]
    public void An_unconfirmed_irreversible_action_suggests_confirming_its_effect()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().UnconfirmedAction(irreversible: true)).ActionItems);

        Assert.Equal("Confirm the effect of the irreversible action \"Purged the CDN cache\"", item.Title);
        Assert.Equal("Irreversible action by Bob at 2025-03-01 10:45:00 UTC was never confirmed; expected: Fresh prices", item.Reason);
    }

    [Fact]
    public void An_unconfirmed_reversible_action_suggests_confirming_or_undoing_it()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().UnconfirmedAction(irreversible: false)).ActionItems);

        Assert.Equal("Confirm or undo \"Scaled checkout to 12 pods\"", item.Title);
        Assert.EndsWith("undo: Scale back to 6 pods", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Late_or_missed_updates_suggest_improving_the_cadence()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().Updates(posted: 5, late: 2, missed: 1)).ActionItems);

        Assert.Equal("Improve the status update cadence (due every 30 min)", item.Title);
        Assert.Equal("2 of 5 updates were late; 1 update was missed", item.Reason);
    }

    [Fact]
    public void A_missed_update_alone_suggests_improving_the_cadence()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().Updates(posted: 2, late: 0, missed: 1)).ActionItems);

        Assert.Equal("1 update was missed", item.Reason);
    }

    [Theory]
    [InlineData(IncidentSeverity.Sev1, 7)]
    [InlineData(IncidentSeverity.Sev2, 7)]
    [InlineData(IncidentSeverity.Sev3, 14)]
    [InlineData(IncidentSeverity.Sev4, 14)]
    public void Suggested_items_are_due_a_week_after_resolution_for_sev1_and_sev2_and_two_weeks_otherwise(IncidentSeverity severity, int days)
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().WithoutPlaybook().Severity(severity)).ActionItems);

        Assert.Equal(At(60).AddDays(days), item.DueBy);
    }

    [Fact]
    public void Suggested_items_belong_to_the_lead_or_are_unassigned()
    {
        var item = Assert.Single(Draft(new PostmortemFactsBuilder().WithoutPlaybook().WithoutLead()).ActionItems);

        Assert.Equal("unassigned", item.Owner);
        Assert.Contains("No lead was assigned", Draft(new PostmortemFactsBuilder().WithoutLead()).ToChange);
    }

    [Fact]
    public void Every_trigger_at_once_suggests_one_item_each_in_a_fixed_order()
    {
        var draft = Draft(new PostmortemFactsBuilder()
            .WithoutPlaybook()
            .RepeatOf(17, TimeSpan.FromDays(3))
            .AlertFired(37)
            .UnconfirmedAction(irreversible: true)
            .Updates(posted: 5, late: 2));

        Assert.Equal(
            [
                "Write a playbook for \"Checkout latency high\"",
                "Fix the recurring cause (repeat of INC 17)",
                "Tune the noisy alert \"Checkout latency high\"",
                "Confirm the effect of the irreversible action \"Purged the CDN cache\"",
                "Improve the status update cadence (due every 30 min)",
            ],
            draft.ActionItems.Select(i => i.Title));
        Assert.All(draft.ActionItems, i => Assert.Equal(("Alice", ActionItem.Suggested, false), (i.Owner, i.Source, i.Done)));
        Assert.Contains("The alert fired 37 times", AllPrompts(draft));
    }

    [Fact]
    public void Long_user_text_is_clipped_so_the_draft_can_be_sent_back_as_an_edit()
    {
        var longText = new string('x', 30_000);
        var draft = Draft(new PostmortemFactsBuilder()
            .WithoutPlaybook()
            .With(f => f with
            {
                Title = longText,
                Alerts = [new AlertFacts("grafana", longText, "k", 1, T0, T0)],
                Notes = [new IncidentNote("n", At(5), "Alice", NoteKind.RootCause, longText)],
            }));

        var edit = new PostmortemEdit
        {
            Summary = draft.Summary,
            WentWell = draft.WentWell,
            ToChange = draft.ToChange,
            Lessons = draft.Lessons,
            ActionItems = draft.ActionItems,
        };

        Assert.Empty(PostmortemEditValidator.Validate(edit));
        Assert.EndsWith("…", draft.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Drafting_leaves_the_facts_lists_unshared_with_the_draft()
    {
        var facts = new PostmortemFactsBuilder().Build();
        var responders = new List<string> { "Alice" };

        var draft = PostmortemDrafter.Draft(facts with { Responders = responders }, Now);
        responders.Add("Mallory");

        Assert.Equal(["Alice"], draft.Responders);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("web")]
    [InlineData("api")]
    public void A_draft_survives_a_json_round_trip(string settings)
    {
        // "api": the settings the application stores post-mortems with (nulls left out, enum converter in the options).
        var options = settings switch
        {
            "web" => new JsonSerializerOptions(JsonSerializerDefaults.Web),
            "api" => new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            },
            _ => new JsonSerializerOptions(),
        };
        var draft = Draft(new PostmortemFactsBuilder().WithoutPlaybook().UnconfirmedAction(irreversible: true)
            .With(f => f with { Scope = new IncidentScope(["checkout"], null, 10, true, null, At(5), "Alice"), RetrospectiveDue = TimeSpan.FromDays(3) }));

        var json = JsonSerializer.Serialize(draft, options);
        var copy = JsonSerializer.Deserialize<Postmortem>(json, options);

        Assert.NotNull(copy);
        Assert.Equal(JsonSerializer.Serialize(copy, options), json);
        Assert.Equal(draft.Impact.TimeToResolve, copy.Impact.TimeToResolve);
        Assert.Equal(draft.ActionItems, copy.ActionItems);
        Assert.Equal(draft.Timeline, copy.Timeline);
    }

    [Fact]
    public void Enums_are_written_as_strings_with_web_defaults()
    {
        var draft = Draft(new PostmortemFactsBuilder());

        var json = JsonSerializer.Serialize(draft, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Contains("\"status\":\"draft\"", json, StringComparison.Ordinal);
        Assert.Contains("\"severity\":\"sev2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"result\":\"worked\"", json, StringComparison.Ordinal);
    }
}

using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Tests.Postmortems;

/// <summary>
/// Facts of INC 42 with a clean response: a monitor alerted once, Alice was paged a minute after the open and
/// acknowledged two minutes later, a playbook existed, every update was on time, the one action worked, and the
/// incident was resolved an hour after it opened. Each method spoils one fact.
/// </summary>
internal sealed class PostmortemFactsBuilder
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private PostmortemFacts facts;
    private readonly List<TimelineEntry> timeline;

    public PostmortemFactsBuilder()
    {
        timeline =
        [
            Entry(0, TimelineEntryKind.AlertReceived, "integration:alertmanager", "Alert received: Checkout latency high"),
            Entry(0, TimelineEntryKind.IncidentOpened, "integration:alertmanager", "Incident opened on checkout: Checkout latency high"),
            Entry(1, TimelineEntryKind.PageSent, "system", "Paged Alice (tier 1)"),
            Entry(3, TimelineEntryKind.Acknowledged, "Alice", "Acknowledged by Alice via sms"),
            Entry(3, TimelineEntryKind.LeadAssigned, "Alice", "Alice is the lead"),
            Entry(3, TimelineEntryKind.Notified, "system", "Told Bob: Acknowledged"),
            Entry(60, TimelineEntryKind.Resolved, "Alice", "Resolved by Alice via sms"),
        ];
        facts = new PostmortemFacts
        {
            IncidentNumber = 42,
            Service = "checkout",
            Title = "Checkout latency high",
            Severity = IncidentSeverity.Sev2,
            Lead = "Alice",
            OpenedAt = T0,
            AcknowledgedAt = At(3),
            ResolvedAt = At(60),
            ResolutionSummary = "Rolled back release 2025.03.1",
            Alerts = [new AlertFacts("alertmanager", "Checkout latency high", "checkout-latency", 1, T0, T0)],
            PlaybookUrls = ["https://wiki.example/playbooks/checkout-latency"],
            Notes =
            [
                new IncidentNote("n1", At(10), "Alice", NoteKind.Hypothesis, "Maybe the database?"),
                new IncidentNote("n2", At(20), "Alice", NoteKind.Finding, "p99 rose right after the 09:55 deploy"),
                new IncidentNote("n3", At(50), "Alice", NoteKind.RootCause, "Release 2025.03.1 disabled the price cache"),
            ],
            Actions =
            [
                new IncidentAction("a1", At(30), "Alice", "Rolled back to 2025.02.7", "The deploy matches the start", "p99 back under 300 ms",
                    "Redeploy 2025.03.1", Irreversible: false, new ActionOutcome(ActionResult.Worked, "p99 at 180 ms", "Alice", At(40))),
            ],
            Updates =
            [
                new StatusUpdate("u1", At(5), "Alice", "Investigating slow checkout", [UpdateAudience.Team], At(35), null, false),
                new StatusUpdate("u2", At(35), "Alice", "Rolling back", [UpdateAudience.Team, UpdateAudience.Leadership], At(65), At(35), false),
            ],
            UpdateCadence = TimeSpan.FromMinutes(30),
            Responders = ["Alice", "Bob"],
        };
    }

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static TimelineEntry Entry(int minutes, TimelineEntryKind kind, string actor, string summary) =>
        new(42, At(minutes), kind, actor, summary, $"{kind}:{minutes}:{summary}");

    public PostmortemFactsBuilder With(Func<PostmortemFacts, PostmortemFacts> change)
    {
        facts = change(facts);
        return this;
    }

    public PostmortemFactsBuilder WithTimeline(params TimelineEntry[] entries)
    {
        timeline.AddRange(entries);
        return this;
    }

    public PostmortemFactsBuilder WithoutTimeline()
    {
        timeline.Clear();
        return this;
    }

    public PostmortemFactsBuilder Severity(IncidentSeverity severity) => With(f => f with { Severity = severity });

    public PostmortemFactsBuilder WithoutLead() => With(f => f with { Lead = null });

    public PostmortemFactsBuilder WithoutPlaybook() => With(f => f with { PlaybookUrls = [] });

    public PostmortemFactsBuilder AlertFired(int times) =>
        With(f => f with { Alerts = [new AlertFacts("alertmanager", "Checkout latency high", "checkout-latency", times, T0, At(55))] });

    /// <summary><paramref name="posted"/> updates of which the first <paramref name="late"/> were late, and <paramref name="missed"/> never posted.</summary>
    public PostmortemFactsBuilder Updates(int posted, int late, int missed = 0) => With(f => f with
    {
        Updates = [.. Enumerable.Range(0, posted).Select(i =>
            new StatusUpdate($"u{i}", At(5 + (i * 10)), "Alice", $"Update {i}", [UpdateAudience.Team], At(15 + (i * 10)), At(5 + (i * 10)), WasLate: i < late))],
        UpdatesLate = late,
        UpdatesMissed = missed,
    });

    public PostmortemFactsBuilder RepeatOf(long number, TimeSpan resolvedBeforeOpen, params string[] openActionItems) =>
        With(f => f with { RepeatOf = [.. f.RepeatOf, new RepeatLink(number, T0 - resolvedBeforeOpen, openActionItems)] });

    public PostmortemFactsBuilder UnconfirmedAction(bool irreversible) => With(f => f with
    {
        Actions =
        [
            .. f.Actions,
            new IncidentAction("a2", At(45), "Bob", irreversible ? "Purged the CDN cache" : "Scaled checkout to 12 pods", "Stale prices", "Fresh prices",
                irreversible ? null : "Scale back to 6 pods", irreversible),
        ],
    });

    public PostmortemFacts Build() => facts with { Timeline = [.. timeline] };
}

using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>One runtime (child process) and fake Twilio for every Twilio fault mode below; each test sets its fault and clears it.</summary>
public sealed class TwilioFaultRig : IAsyncLifetime
{
    /// <summary>Short, so a never-answered attempt costs a second, not Twilio's default 30.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Twilio's default: backoffs of [0.5, 1], [1, 2], [2, 4] s, long enough to tell apart at the fake under load.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);

    public const int MaxAttempts = 4;

    internal FaultRig Rig { get; private set; } = null!;

    // No kills here, and a run of never-answered attempts takes 10 s or more on a loaded machine: the backend's
    // default visibility timeout keeps such an activity from being handed out a second time while it still runs.
    public async Task InitializeAsync() => Rig = await FaultRig.StartAsync(visibilityTimeout: TimeSpan.FromMinutes(5), twilio: new Dictionary<string, string>
    {
        ["RequestTimeout"] = RequestTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["InitialBackoff"] = InitialBackoff.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Twilio's defaults, over the kill rigs' short ones: the backoffs must double and a Retry-After of seconds be honoured.
        ["MaxBackoff"] = "00:00:30",
        ["MaxRetryAfter"] = "00:00:30",
    });

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>
/// Twilio misbehaving, end to end through the runtime (the sender's own retry rules are unit-tested in
/// Application.Tests/Notifications/Sms/TwilioSmsSenderTests): retries back off, are bounded, a dead number moves paging on to the
/// next tier, and every attempt is on the incident's timeline.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class TwilioFaultTests(TwilioFaultRig fixture) : IClassFixture<TwilioFaultRig>, IDisposable
{
    /// <summary>
    /// The fake stamps a request when it has arrived, not when the runtime sent it: on 2 cores shared with other builds
    /// (a new connection after a timed-out one, say) that lag was seen at 0.7 s, so a gap measured there is this uncertain.
    /// Floors keep this margin; "it grows" is asserted where the jitter ranges are further apart than that.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(800);

    /// <summary>The orchestrator's retry policy for activities: 5 runs, 2 s then doubling.</summary>
    private const int ActivityRuns = 5;

    private readonly FaultRig _rig = fixture.Rig;

    public void Dispose() => _rig.ResetTwilioFaults();

    [Fact]
    public async Task A_twilio_outage_is_retried_with_growing_backoff_a_bounded_number_of_times_and_every_attempt_is_on_the_timeline()
    {
        var outage = FaultScale.Pick(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30));
        _rig.Twilio.FailFor(outage, 500, 20500, fromFirstRequest: true);
        var id = await _rig.OpenIncidentAsync("f-storm", "Twilio is down");

        await _rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {id} "), outage + TimeSpan.FromSeconds(90));
        var attempts = _rig.AttemptsTo(FaultRig.Erin, id);

        Assert.Equal(201, attempts[^1].StatusCode);
        Assert.All(attempts.SkipLast(1), a => Assert.Equal(500, a.StatusCode));
        Assert.InRange(attempts.Count, 2, TwilioFaultRig.MaxAttempts * ActivityRuns);

        // The sender's runs of MaxAttempts, each backing off from InitialBackoff (doubling, jitter down to half), and
        // between runs the activity's retry (2 s, doubling): the lower bounds of the gaps grow.
        var runs = attempts.Chunk(TwilioFaultRig.MaxAttempts).ToList();
        foreach (var run in runs)
        {
            var gaps = run.Zip(run.Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt).ToList();
            for (var i = 0; i < gaps.Count; i++)
            {
                var floor = InitialBackoff * Math.Pow(2, i) / 2;
                Assert.True(gaps[i] >= floor - Slack, $"gap {i + 1} in a run below {floor}: {Describe(attempts)}");
            }

            // The third backoff ([2, 4] s) is longer than the first ([0.5, 1] s) whatever the jitter, by more than the lag.
            if (gaps.Count == 3)
            {
                Assert.True(gaps[2] > gaps[0], $"backoff did not grow within a run: {Describe(attempts)}");
            }
        }

        for (var r = 1; r < runs.Count; r++)
        {
            // Durable timers on the Azure Storage backend may fire up to a second early (docs/local-runtime.md, pitfall 1).
            var floor = TimeSpan.FromSeconds(2 * Math.Pow(2, r - 1)) - TimeSpan.FromSeconds(1);
            Assert.True(runs[r][0].ReceivedAt - runs[r - 1][^1].ReceivedAt >= floor - Slack, $"gap before run {r + 1} below {floor}: {Describe(attempts)}");
        }

        var texts = await TextEntriesAsync(id, "Erin", e => FaultRig.Kind(e) == "pageSent");
        Assert.Equal(runs.Count - 1, texts.Count(e => FaultRig.Kind(e) == "pageFailed" && FaultRig.Data(e, "transient") == "true"));
        Assert.Equal(attempts.Count, texts.Sum(e => int.Parse(FaultRig.Data(e, "attempts")!, System.Globalization.CultureInfo.InvariantCulture)));
        _rig.AssertNoDuplicateTexts();
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_its_retry_after()
    {
        // Longer than the first two backoffs can be ([0.5, 1] and [1, 2] s) plus the lag at the fake.
        var retryAfter = TimeSpan.FromSeconds(3);
        _rig.Twilio.FailNext(2, 429, 20429, retryAfter);
        var id = await _rig.OpenIncidentAsync("f-storm", "Twilio is throttling");

        await _rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(60));
        var attempts = _rig.AttemptsTo(FaultRig.Erin, id);

        Assert.Equal([429, 429, 201], attempts.Select(a => a.StatusCode));
        for (var i = 1; i < attempts.Count; i++)
        {
            // Longer than the backoff alone would wait: the header wins.
            Assert.True(attempts[i].ReceivedAt - attempts[i - 1].ReceivedAt >= retryAfter - Slack, Describe(attempts));
        }

        var entries = await TextEntriesAsync(id, "Erin", e => FaultRig.Kind(e) == "pageSent");
        var sent = Assert.Single(entries, e => FaultRig.Kind(e) == "pageSent");
        Assert.True(entries.Count == 1 && FaultRig.Data(sent, "attempts") == "3", string.Join("\n", entries.Select(e => e.ToJsonString())));
    }

    [Fact]
    public async Task Attempts_twilio_never_answers_time_out_and_are_retried_later_each_time()
    {
        _rig.Twilio.NeverAnswer(3);
        var id = await _rig.OpenIncidentAsync("f-storm", "Twilio hangs");

        await _rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(60));
        var attempts = _rig.AttemptsTo(FaultRig.Erin, id);

        // 499: the runtime gave up waiting (Twilio:RequestTimeout), then backed off before trying again: each gap is the
        // timeout plus a backoff that doubles (the third, [2, 4] s, is longer than the first, [0.5, 1] s, whatever the jitter).
        Assert.Equal([499, 499, 499, 201], attempts.Select(a => a.StatusCode));
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt).ToList();
        Assert.All(gaps, g => Assert.True(g >= TwilioFaultRig.RequestTimeout + InitialBackoff / 2 - Slack, Describe(attempts)));
        Assert.True(gaps[2] > gaps[0], Describe(attempts));

        var entries = await TextEntriesAsync(id, "Erin", e => FaultRig.Kind(e) == "pageSent");
        var sent = Assert.Single(entries, e => FaultRig.Kind(e) == "pageSent");
        Assert.True(entries.Count == 1 && FaultRig.Data(sent, "attempts") == "4", string.Join("\n", entries.Select(e => e.ToJsonString())));
        Assert.Single(_rig.TextsTo(FaultRig.Erin, id));
    }

    [Fact]
    public async Task A_text_twilio_took_but_never_answered_is_found_in_its_list_before_a_retry_and_goes_out_once()
    {
        // Twilio has the text; its 201 never comes back, so the runtime's attempt times out (Twilio:RequestTimeout).
        const string title = "Twilio took it and went quiet";
        var held = _rig.Twilio.HoldAfterAccepting(m => m.To == FaultRig.Erin && m.Body.Contains(title, StringComparison.Ordinal));
        var id = await _rig.OpenIncidentAsync("f-storm", title);

        var accepted = await held.WaitAsync(TimeSpan.FromSeconds(60));
        var entries = await TextEntriesAsync(id, "Erin", e => FaultRig.Kind(e) == "pageSent");

        Assert.Single(_rig.AttemptsTo(FaultRig.Erin, id));
        Assert.Single(_rig.TextsTo(FaultRig.Erin, id));
        Assert.NotEmpty(_rig.Twilio.Lookups);
        var sent = Assert.Single(entries);
        Assert.Equal(("pageSent", accepted.Sid, "1"), (FaultRig.Kind(sent), FaultRig.Data(sent, "sid"), FaultRig.Data(sent, "attempts")));

        // The send ledger agrees: one row for Erin, sent, with the sid Twilio gave the held text.
        var sends = new TableClient(_rig.Storage, _rig.TaskHub + "Sends");
        var rows = new List<TableEntity>();
        await foreach (var r in sends.QueryAsync<TableEntity>($"PartitionKey eq '{id:D10}'"))
        {
            rows.Add(r);
        }

        var row = Assert.Single(rows, r => r.GetString("Recipient") == "Erin");
        Assert.Equal(("sent", accepted.Sid), (row.GetString("Outcome"), row.GetString("Sid")));
        _rig.AssertNoDuplicateTexts();
    }

    [Fact]
    public async Task Opted_out_and_invalid_numbers_are_tried_once_and_paging_moves_on_to_the_next_tier_at_once()
    {
        var id = await _rig.OpenIncidentAsync("f-dead", "Nobody reachable on tiers 1 and 2");

        // The tiers' delays are 10 minutes: only a dead tier moves on this fast.
        await _rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Carol && m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(60));

        var olive = Assert.Single(_rig.AttemptsTo(FaultRig.OptedOut, id));
        Assert.Equal((400, 21610), (olive.StatusCode, olive.ErrorCode));
        var nemo = Assert.Single(_rig.AttemptsTo(FaultRig.BadNumber, id));
        Assert.Equal((400, 21211), (nemo.StatusCode, nemo.ErrorCode));

        var incident = await _rig.Driver.WaitForIncidentAsync(id, i => FaultRig.HasText(i, "pageSent", "Carol"), TimeSpan.FromSeconds(60));
        var timeline = FaultRig.Timeline(incident).ToList();
        // Both numbers refuse calls too (the fake rejects them on every API), so their next rule, the call, went at once
        // and failed as well: nothing reached them, and the tier is dead.
        foreach (var (name, code) in new[] { ("Olive", "21610"), ("Nemo", "21211") })
        {
            var failed = timeline.Where(e => FaultRig.Kind(e) == "pageFailed" && FaultRig.Data(e, "to") == name).ToList();
            Assert.Equal(code, FaultRig.Data(Assert.Single(failed, e => FaultRig.Data(e, "medium") is null), "errorCode"));
            Assert.Single(failed, e => FaultRig.Data(e, "medium") == "voice");
        }

        Assert.Equal(2, timeline.Count(e => FaultRig.Kind(e) == "escalated"));
        Assert.Single(_rig.TextsTo(FaultRig.Carol, id));
    }

    /// <summary>The timeline's text entries to <paramref name="recipient"/>, once one matches <paramref name="done"/>.</summary>
    private async Task<IReadOnlyList<JsonNode>> TextEntriesAsync(long id, string recipient, Func<JsonNode, bool> done)
    {
        var incident = await _rig.Driver.WaitForIncidentAsync(id,
            i => FaultRig.Timeline(i).Any(e => FaultRig.Data(e, "to") == recipient && done(e)), TimeSpan.FromSeconds(30));
        return FaultRig.Timeline(incident).Where(e => FaultRig.Data(e, "to") == recipient && FaultRig.Kind(e) is "pageSent" or "pageFailed").ToList();
    }

    private static TimeSpan InitialBackoff => TwilioFaultRig.InitialBackoff;

    private static string Describe(IReadOnlyList<FakeTwilioRequest> attempts) =>
        string.Join(", ", attempts.Select(a => $"{a.ReceivedAt:HH:mm:ss.fff} {a.StatusCode}"));
}

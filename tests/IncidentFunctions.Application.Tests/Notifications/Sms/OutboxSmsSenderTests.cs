using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Tests.Hosting;
using IncidentFunctions.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

public sealed class OutboxSmsSenderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly LogCapture _logs = new();

    private OutboxSmsSender Outbox()
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new OutboxSmsSender(new DevOutbox(_time), factory.CreateLogger<OutboxSmsSender>());
    }

    [Fact]
    public async Task Keeps_every_message_in_order_with_its_id_and_time()
    {
        var outbox = Outbox();
        var results = new List<SmsSendResult>();
        for (var i = 1; i <= 3; i++)
        {
            results.Add(await outbox.SendAsync(new SmsMessage($"+1555010000{i}", $"page {i}", $"key-{i}"), CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var entries = outbox.Snapshot();

        Assert.Equal(["page 1", "page 2", "page 3"], entries.Select(e => e.Body));
        Assert.Equal(["+15550100001", "+15550100002", "+15550100003"], entries.Select(e => e.To));
        Assert.Equal([Start, Start.AddSeconds(1), Start.AddSeconds(2)], entries.Select(e => e.At));
        Assert.Equal(results.Select(r => r.Sid), entries.Select(e => e.Sid));
        Assert.All(results, r =>
        {
            Assert.Equal(SmsSendOutcome.Sent, r.Outcome);
            Assert.Equal(1, r.Attempts);
        });
        Assert.All(entries, e =>
        {
            Assert.StartsWith("SMlocal", e.Sid, StringComparison.Ordinal);
            Assert.Equal(34, e.Sid.Length);
        });
        Assert.Equal(3, entries.Select(e => e.Sid).Distinct().Count());
    }

    [Fact]
    public async Task Snapshot_is_a_copy()
    {
        var outbox = Outbox();
        await outbox.SendAsync(new SmsMessage("+15550100001", "one", "k1"), CancellationToken.None);

        var before = outbox.Snapshot();
        await outbox.SendAsync(new SmsMessage("+15550100001", "two", "k2"), CancellationToken.None);

        Assert.Single(before);
        Assert.Equal(2, outbox.Snapshot().Count);
    }

    [Fact]
    public async Task Concurrent_sends_are_all_kept_with_distinct_ids()
    {
        var outbox = Outbox();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => outbox.SendAsync(new SmsMessage("+15550100001", $"page {i}", $"k{i}"), CancellationToken.None))));

        var entries = outbox.Snapshot();
        Assert.Equal(200, entries.Count);
        Assert.Equal(200, entries.Select(e => e.Sid).Distinct().Count());
        Assert.Equal(200, entries.Select(e => e.Body).Distinct().Count());
    }

    [Fact]
    public async Task Prints_the_masked_number_and_the_text_for_local_development()
    {
        var outbox = Outbox();

        var result = await outbox.SendAsync(new SmsMessage("+15550100001", "INC 1 CRITICAL api down", "k"), CancellationToken.None);

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("+1555…0001", line.Text, StringComparison.Ordinal);
        Assert.Contains("INC 1 CRITICAL api down", line.Text, StringComparison.Ordinal);
        Assert.Contains(result.Sid!, line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_no_full_number_of_the_shipped_configuration()
    {
        // The configuration README's walkthrough runs with the outbox: a page to every responder in it.
        var responders = ConfigLoader.Load(AdminKeySettingTests.SampleConfig).Responders;
        Assert.NotEmpty(responders);
        var outbox = Outbox();

        foreach (var r in responders)
        {
            await outbox.SendAsync(new SmsMessage(r.Phone, $"INC 1 SEV1 checkout: down. Reply 1a to take the lead ({r.Name})", "k-" + r.Name), CancellationToken.None);
        }

        Assert.Equal(responders.Count, _logs.Lines.Count);
        Assert.All(responders, r =>
        {
            Assert.Contains(_logs.Lines, l => l.Text.Contains(PhoneMask.Mask(r.Phone), StringComparison.Ordinal) && l.Text.Contains($"({r.Name})", StringComparison.Ordinal));
            Assert.DoesNotContain(_logs.Lines, l => l.Text.Contains(r.Phone, StringComparison.Ordinal));
        });
        // The outbox itself keeps them whole: GET /api/dev/outbox is behind the admin key.
        Assert.Equal(responders.Select(r => r.Phone), outbox.Snapshot().Select(e => e.To));
    }
}

using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Health;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Azure.Data.Tables;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// Every store of the application on one table prefix of the tests' Azurite, for tests that exercise storage without a
/// runtime around it. The tables are created by <see cref="CreateAsync"/> and dropped on dispose.
/// </summary>
public sealed class TestStores : IAsyncDisposable
{
    private TestStores(string prefix)
    {
        var service = new TableServiceClient(TestStorage.ConnectionString);
        Prefix = prefix;
        Tables = new StorageTables(service, prefix);
        Incidents = new IncidentStore(service, prefix);
        Alerts = new AlertStore(service, prefix, Incidents);
        Timeline = new TimelineStore(service, prefix);
        Sends = new SendLedger(service, prefix);
        Resolved = new ResolvedIndex(service, prefix);
        Records = new IncidentRecordStore(service, prefix);
        PagerTests = new PagerTestStore(service, prefix);
        Rooms = new RoomStore(service, prefix);
        Health = new HealthStore(service, prefix);
    }

    public string Prefix { get; }
    public StorageTables Tables { get; }
    public IncidentStore Incidents { get; }
    public AlertStore Alerts { get; }
    public TimelineStore Timeline { get; }
    public SendLedger Sends { get; }
    public ResolvedIndex Resolved { get; }
    public IncidentRecordStore Records { get; }
    public PagerTestStore PagerTests { get; }
    public RoomStore Rooms { get; }
    public HealthStore Health { get; }

    public static async Task<TestStores> CreateAsync(string? prefix = null)
    {
        await TestStorage.EnsureRunningAsync();
        var stores = new TestStores(prefix ?? TaskHubs.NewName());
        await stores.Tables.EnsureAsync(default);
        return stores;
    }

    /// <summary>
    /// The pipeline's health on these stores, for activities that report to it: nobody is an admin, mail and texts go to an
    /// outbox, no chat is configured, events go to <paramref name="events"/>.
    /// </summary>
    public PipelineHealth PipelineHealth(TimeProvider time, IEventPublisher events, IncidentConfig? config = null)
    {
        var outbox = new DevOutbox(time);
        var alerts = new PipelineAlerts(
            new IncidentConfigProvider(config ?? new IncidentConfig { AdminApiKey = "test-admin-key" }, "test.json"), Health,
            new UnconfiguredEmailSender(), Options.Create(new EmailOptions()), new OutboxSmsSender(outbox, NullLogger<OutboxSmsSender>.Instance),
            Options.Create(new SlackOptions()), Options.Create(new TeamsOptions()), new ServiceCollection().BuildServiceProvider(),
            NullLogger<PipelineAlerts>.Instance);
        return new PipelineHealth(Health, events, alerts, new IncidentMarks(Incidents, Timeline, Health), Options.Create(new PipelineHealthOptions()), time,
            NullLogger<PipelineHealth>.Instance);
    }

    /// <summary>A second set on the same tables: another process, as far as in-memory state goes.</summary>
    public TestStores SecondProcess() => new(Prefix);

    /// <summary>Writes the incident as the ingestor opens one (its row with its first alert's), without an orchestration.</summary>
    public async Task OpenAsync(Incident incident)
    {
        if (!await Incidents.TryOpenIncidentAsync(incident, FirstAlertOf(incident), incident.OpenedAt, default))
        {
            throw new InvalidOperationException($"INC {incident.Number} exists already");
        }
    }

    /// <summary>The alert an incident opened from, as far as storing it needs: its format, dedup key and title.</summary>
    public static NormalizedAlert FirstAlertOf(Incident incident) => new()
    {
        Format = incident.AlertTallies.Keys.FirstOrDefault() ?? "generic",
        DedupKey = incident.DedupKey,
        Title = incident.Title,
        Severity = AlertSeverity.Critical,
        Status = AlertStatus.Firing,
    };

    public async ValueTask DisposeAsync() => await Tables.DeleteAsync(default);
}

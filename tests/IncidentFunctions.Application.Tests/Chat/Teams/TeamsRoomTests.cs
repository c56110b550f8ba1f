using Azure.Data.Tables;
using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>
/// The Teams room against the fake webhook and a real RoomStore and timeline on the tests' Azurite, handed entries as the
/// room orchestration hands them: each notice posted once, to the service's channel else the global one, and a post
/// that failed given back so the next sync posts it.
/// </summary>
public sealed class TeamsRoomTests : IAsyncLifetime
{
    private const string ConsoleBase = "https://incidents.example.com";

    private FakeTeamsWebhook _teams = null!;
    private TestStores _stores = null!;
    private RoomStore _rooms = null!;
    private ServiceProvider _services = null!;
    private IIncidentRoom _room = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeTeamsWebhook.StartAsync();
        _stores = await TestStores.CreateAsync();
        _rooms = new RoomStore(new TableServiceClient(TestStorage.ConnectionString), _stores.Prefix);
        _services = new ServiceCollection().AddLogging()
            .AddSingleton(new ConsoleLinks(() => ConsoleBase))
            .AddIncidentTeams(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Teams:WebhookUrl"] = _teams.UrlFor("all"),
                ["Teams:ServiceWebhookUrls:checkout"] = _teams.UrlFor("checkout"),
                ["Teams:MaxAttempts"] = "1",
            }).Build()).BuildServiceProvider();
        _room = _services.GetServices<IIncidentRoom>().Single(r => r.Name == "teams");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _stores.DisposeAsync();
        await _teams.DisposeAsync();
    }

    [Fact]
    public async Task Each_notice_is_posted_once_in_order_however_often_the_same_entries_are_synced()
    {
        var incident = new IncidentBuilder().Number(42).Acknowledged(updateCadence: TimeSpan.FromHours(1)).Build();
        var entries = await TimelineAsync(incident,
            TeamsEntries.Opened(incident), TeamsEntries.Acknowledged(incident), TeamsEntries.Update(incident, "u1", UpdateAudience.Team),
            TeamsEntries.Update(incident, "u2", UpdateAudience.Users), TeamsEntries.Overdue(incident));

        var first = await _room.SyncAsync(Request(incident, entries), default);
        // A retried step (its answer lost) is handed the same entries again.
        var second = await _room.SyncAsync(Request(incident, entries), default);

        Assert.Equal([TimelineEntryKind.IncidentOpened, TimelineEntryKind.UpdatePosted, TimelineEntryKind.UpdateOverdue],
            _teams.Posts.Select(p => KindOf(p, entries)));
        Assert.All(_teams.Posts, p => Assert.Equal(FakeTeamsWebhook.PathFor("checkout"), p.Path));
        Assert.All(_teams.Posts, p => Assert.Empty(AdaptiveCardShape.ProblemsOfMessage(p.Json)));
        Assert.Contains($"{ConsoleBase}/console/incidents/42", _teams.Posts[0].Body, StringComparison.Ordinal);
        Assert.Equal(new RoomSync(), first);
        Assert.Equal(new RoomSync(), second);
        // Only what was posted is claimed; the orchestration marks the rest handled.
        Assert.Equal(3, (await _rooms.GetHandledAsync(42, "teams", default)).Count);
    }

    [Fact]
    public async Task A_service_without_its_own_webhook_posts_to_the_global_one()
    {
        var incident = new IncidentBuilder().Number(43).Service("payments").Build();
        var entries = await TimelineAsync(incident, TeamsEntries.Opened(incident));

        await _room.SyncAsync(Request(incident, entries), default);

        Assert.Equal(FakeTeamsWebhook.PathFor("all"), Assert.Single(_teams.Posts).Path);
        Assert.Equal(FakeTeamsWebhook.SignedQuery, _teams.Posts[0].Query);
    }

    [Fact]
    public async Task A_failed_post_gives_its_claim_back_and_throws_so_the_next_sync_posts_it()
    {
        var incident = new IncidentBuilder().Number(44).Acknowledged().Build();
        var entries = await TimelineAsync(incident, TeamsEntries.Opened(incident), TeamsEntries.Update(incident, "u1", UpdateAudience.Leadership));
        _teams.FailNext(1, 404);

        var e = await Assert.ThrowsAsync<RoomUnavailableException>(() => _room.SyncAsync(Request(incident, entries), default));

        Assert.Contains("HTTP 404", e.Reason, StringComparison.Ordinal);
        // The entries after the failed one wait for the retried step: a channel reads them in timeline order.
        Assert.Equal([404], _teams.Posts.Select(p => p.StatusCode));
        Assert.Empty(await _rooms.GetHandledAsync(44, "teams", default));

        await _room.SyncAsync(Request(incident, entries), default);

        Assert.Equal([TimelineEntryKind.IncidentOpened, TimelineEntryKind.UpdatePosted], _teams.Accepted.Select(p => KindOf(p, entries)));
        Assert.Equal(2, (await _rooms.GetHandledAsync(44, "teams", default)).Count);
    }

    [Fact]
    public async Task A_closed_incident_s_room_is_finished_once_its_resolution_is_posted()
    {
        var incident = new IncidentBuilder().Number(45).Acknowledged().Resolved().Closed().Build();
        var entries = await TimelineAsync(incident, TeamsEntries.Resolved(incident), TimelineEntries.Closed(45, incident.OpenedAt.AddDays(1)));

        var sync = await _room.SyncAsync(Request(incident, entries), default);

        Assert.Equal(new RoomSync(Finished: true), sync);
        Assert.Equal(TimelineEntryKind.Resolved, KindOf(Assert.Single(_teams.Posts), entries));
    }

    [Fact]
    public async Task Without_a_webhook_for_the_service_nothing_is_posted_or_claimed()
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddSingleton(new ConsoleLinks(() => ConsoleBase))
            .AddIncidentTeams(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Teams:ServiceWebhookUrls:checkout"] = _teams.UrlFor("checkout"),
            }).Build()).BuildServiceProvider();
        var room = services.GetServices<IIncidentRoom>().Single();
        var incident = new IncidentBuilder().Number(46).Service("payments").Build();
        var entries = await TimelineAsync(incident, TeamsEntries.Opened(incident));

        Assert.Equal(new RoomSync(), await room.SyncAsync(Request(incident, entries), default));

        Assert.Empty(_teams.Posts);
        Assert.Empty(await _rooms.GetHandledAsync(46, "teams", default));
    }

    private RoomSyncRequest Request(Incident incident, IReadOnlyList<RoomEntry> entries) =>
        new(incident, entries, DateTimeOffset.UtcNow, new RoomClaims(_rooms, incident.Number, "teams"));

    /// <summary>Writes the entries to the incident's timeline and reads them back with their row keys, as the orchestration does.</summary>
    private async Task<IReadOnlyList<RoomEntry>> TimelineAsync(Incident incident, params TimelineEntry[] entries)
    {
        foreach (var entry in entries)
        {
            await _stores.Timeline.AppendAsync(entry, default);
        }

        return (await _stores.Timeline.GetWithRowKeysAsync(incident.Number, default)).Select(e => new RoomEntry(e.Entry, e.RowKey)).ToList();
    }

    /// <summary>Which entry a post carried, by the entry's words in its card.</summary>
    private static TimelineEntryKind KindOf(FakeTeamsPost post, IReadOnlyList<RoomEntry> entries)
    {
        var text = post.Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[1].GetProperty("text").GetString()!;
        return entries.Single(e => text.StartsWith(e.Entry.Summary, StringComparison.Ordinal)).Entry.Kind;
    }
}

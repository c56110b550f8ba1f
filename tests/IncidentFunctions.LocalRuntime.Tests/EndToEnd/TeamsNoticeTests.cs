using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Teams notices on the local runtime: an incident of a service with a Workflows webhook is told there as Adaptive
/// Cards when it opens, when an update for the team is posted and when it resolves, each once, with a button to the
/// console; other services' incidents are not.
/// </summary>
[Collection(SlackCollection.Name)]
public sealed class TeamsNoticeTests(SlackFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = runtime.Driver();

    [Fact]
    public async Task Opened_update_and_resolved_are_posted_as_cards_once_each()
    {
        var body = new JsonObject { ["title"] = "Search latency", ["dedupKey"] = Payloads.Unique("teams"), ["severity"] = "warning", ["status"] = "firing", ["source"] = "e2e" };
        var reply = await _driver.PostAlertAsync("generic", "slack-teams", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var id = Payloads.IncidentId(reply);

        var opened = await runtime.Teams.WaitForPostAsync(p => Title(p).StartsWith($"INC {id} ", StringComparison.Ordinal), Deadline);
        Assert.Equal(FakeTeamsWebhook.PathFor("teams"), opened.Path);
        Assert.Contains($"/console/incidents/{id}", opened.Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _driver.TextAsync(SlackFixture.Alice, $"{id}a")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _driver.PostJsonAsync($"api/incidents/{id}/updates",
            """{"text":"Index rebuilt on 2 of 3 nodes","audiences":["team"],"by":"Alice"}""")).Status);
        await runtime.Teams.WaitForPostAsync(p => Title(p).StartsWith($"INC {id} ", StringComparison.Ordinal) && p.Body.Contains("Index rebuilt", StringComparison.Ordinal), Deadline);

        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary":"Index rebuilt"}""")).Status);
        await runtime.Teams.WaitForPostAsync(p => Title(p).StartsWith($"INC {id} ", StringComparison.Ordinal) && p.Body.Contains("Resolved", StringComparison.Ordinal), Deadline);

        var mine = runtime.Teams.Accepted.Where(p => Title(p).StartsWith($"INC {id} ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, mine.Count);
        Assert.Equal(mine.Count, mine.Select(p => p.Body).Distinct().Count());
    }

    /// <summary>The card's first text block: the incident's name.</summary>
    private static string Title(FakeTeamsPost post) =>
        post.Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString() ?? "";
}

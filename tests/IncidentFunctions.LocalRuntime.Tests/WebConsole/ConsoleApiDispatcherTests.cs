using System.Net;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole;

/// <summary>/console/api reaches the same handlers as /api: same answers, same problems, same records.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsoleApiDispatcherTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Every_response_command_goes_through_the_console_api_to_the_incidents_records()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, "Console walk-through");

        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/ack", """{"by": "Alice"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/responders", """{"responders": ["Carol"], "reason": "db"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Put, $"incidents/{id}/scope", """{"affectedServices": ["manual"], "customerVisible": false}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Put, $"incidents/{id}/severity", """{"severity": "SEV3", "reason": "contained"}""")).Status);

        // Back to SEV2, the one severity this configuration keeps a post-mortem open for (the others close at once).
        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Put, $"incidents/{id}/severity", """{"severity": "SEV2", "reason": "spreading"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await console.PostAsync($"incidents/{id}/notes", """{"text": "disk full on db-2", "kind": "finding"}""")).Status);
        var action = await console.PostAsync($"incidents/{id}/actions", """{"what": "Restart db-2", "why": "stuck", "expectedEffect": "recovers", "undo": "none needed"}""");
        Assert.Equal(HttpStatusCode.Created, action.Status);
        var actionId = action.Json!["id"]!.GetValue<string>();
        Assert.Single((await console.ApiAsync(HttpMethod.Get, $"incidents/{id}/actions?open=true")).Json!["actions"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/actions/{actionId}/outcome", """{"result": "worked", "observed": "back"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await console.PostAsync($"incidents/{id}/updates", """{"text": "Recovering", "audiences": ["team", "leadership"]}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/lead", """{"to": "Bob"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/alert-feedback", """{"useful": true}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/resolve", """{"summary": "db-2 restarted"}""")).Status);

        var detail = (await console.ApiAsync(HttpMethod.Get, $"incidents/{id}")).Json!;
        Assert.Equal("resolved", detail["incident"]!["status"]!.GetValue<string>());
        Assert.Equal("Bob", detail["incident"]!["lead"]!.GetValue<string>());
        Assert.Equal("SEV2", detail["incident"]!["severity"]!.GetValue<string>());
        Assert.Equal("Recovering", detail["updates"]![0]!["text"]!.GetValue<string>());

        var postmortem = await WaitForPostmortemAsync(console, id);
        Assert.Equal("draft", postmortem.Json!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Put, $"incidents/{id}/postmortem", """{"lessons": ["watch disk"]}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/postmortem/complete", "{}")).Status);
        Assert.Equal("completed", (await console.ApiAsync(HttpMethod.Get, $"incidents/{id}/postmortem")).Json!["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Get, "reports/response")).Status);
        Assert.Equal(HttpStatusCode.OK, (await console.ApiAsync(HttpMethod.Get, "reports/alerts")).Status);
    }

    [Fact]
    public void The_route_table_covers_every_incident_command_of_the_api()
    {
        var routes = runtime.Host.Services.GetRequiredService<ConsoleApiDispatcher>().Routes.Select(r => $"{r.Method} {r.Template}").ToList();

        Assert.Equal(routes.Count, routes.Distinct().Count());
        Assert.Contains("POST incidents/{id}/ack", routes);
        Assert.Contains("POST incidents/{id}/actions/{actionId}/outcome", routes);
        Assert.Contains("PUT incidents/{id}/postmortem", routes);
        // The responders' list and their pager test: the console's Responders page sends tests through it.
        Assert.Contains("GET responders", routes);
        Assert.Contains("POST responders/{name}/test", routes);
        // Maintenance windows: the console's Maintenance page opens and ends them through it.
        Assert.Contains("POST maintenance", routes);
        Assert.Contains("POST maintenance/{id}/end", routes);
        // Heartbeats: the console's Heartbeats page adds, switches and deletes them through it.
        Assert.Contains("POST heartbeats", routes);
        Assert.Contains("PATCH heartbeats/{name}", routes);
        Assert.Contains("DELETE heartbeats/{name}", routes);
        // Personal API tokens: the console's API tokens page makes, lists and revokes them through it.
        Assert.Contains("POST tokens", routes);
        Assert.Contains("DELETE tokens/{id}", routes);
        Assert.Equal(33, routes.Count);
    }

    [Fact]
    public async Task The_apis_validation_problem_comes_back_unchanged_naming_the_field()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, "Validation probe");

        var viaConsole = await console.PostAsync($"incidents/{id}/ack", """{"by": "Nobody"}""");
        var viaApi = await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Nobody"}""");

        Assert.Equal(HttpStatusCode.BadRequest, viaConsole.Status);
        Assert.Equal("by", viaConsole.Json!["field"]!.GetValue<string>());
        Assert.Equal(viaApi.Json!["errors"]!.ToJsonString(), viaConsole.Json!["errors"]!.ToJsonString());
        Assert.Equal("no-store", viaConsole.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task An_unknown_path_is_404_and_a_wrong_method_405_naming_the_right_one()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);

        var unknown = await console.PostAsync("incidents/1/explode", "{}");
        var wrongMethod = await console.ApiAsync(HttpMethod.Put, "incidents/1/ack", "{}");
        var devOutbox = await console.ApiAsync(HttpMethod.Get, "dev/outbox");

        Assert.Equal((HttpStatusCode.NotFound, "path"), (unknown.Status, unknown.Json!["field"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.EndsWith("use POST", wrongMethod.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, devOutbox.Status);
    }

    private static async Task<Reply> WaitForPostmortemAsync(ConsoleClient console, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var reply = await console.ApiAsync(HttpMethod.Get, $"incidents/{id}/postmortem");
            if (reply.Status == HttpStatusCode.OK)
            {
                return reply;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"INC {id} has no post-mortem after 30 s: {reply}");
            }

            await Task.Delay(100);
        }
    }
}

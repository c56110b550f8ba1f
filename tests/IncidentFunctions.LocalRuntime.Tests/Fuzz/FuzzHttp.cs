using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>Raw requests, the properties every fuzzed answer must have, and what a rejected command must leave alone.</summary>
internal sealed class FuzzHttp(FuzzFixture runtime)
{
    public PipelineDriver Driver { get; } = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    /// <summary>Sends <paramref name="body"/> byte for byte (no re-encoding), with the admin key or through the console.</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, byte[] body, Auth auth = Auth.None, ConsoleClient? console = null)
    {
        var target = auth == Auth.Console ? "console/api/" + path["api/".Length..] : path;
        using var request = new HttpRequestMessage(method, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        switch (auth)
        {
            case Auth.Admin:
                request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
                break;
            case Auth.Console:
                request.Headers.Add("Cookie", console!.Cookie!);
                request.Headers.Add("X-Console", "1");
                request.Headers.Add("Origin", runtime.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
                break;
        }

        return await SendAsync(request);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // Left null: AssertAnswered reports a JSON answer that is not JSON.
            }
        }

        return new Reply(response.StatusCode, text, json, response.Content.Headers.ContentType, response.Headers);
    }

    /// <summary>2xx or 4xx, never 5xx; an error is problem+json (or PagerDuty's shape) that parses.</summary>
    public static void AssertAnswered(Reply reply, string what)
    {
        var status = (int)reply.Status;
        Assert.True(status is >= 200 and < 500, $"{what} got {reply}");
        if (status >= 400 && reply.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            Assert.True(reply.Json is not null, $"{what} got an error that is not JSON: {reply}");
        }
    }

    public static bool IsRejected(Reply reply) => (int)reply.Status is >= 400 and < 500;

    /// <summary>The runtime still answers: health is 200 and a read of the API works.</summary>
    public async Task AssertHealthyAsync()
    {
        var health = await Driver.GetAsync("api/health", key: null);
        Assert.True(health.Status == HttpStatusCode.OK, $"health after the batch: {health}");
        var list = await Driver.GetAsync("api/incidents");
        Assert.True(list.Status == HttpStatusCode.OK, $"list after the batch: {list}");
    }

    /// <summary>The incident counter: it moves only when an alert opens an incident.</summary>
    public async Task<long> CounterAsync()
    {
        var counter = await runtime.Table("Counters").GetEntityIfExistsAsync<TableEntity>("counters", "incident");
        return counter.HasValue ? counter.Value!.GetInt64("Value") ?? 0 : 0;
    }

    /// <summary>
    /// Timeline kinds only the incident's orchestration writes, in its own time after an accepted command (pages,
    /// texts, reminders, the drafted post-mortem…). They are left out of <see cref="SnapshotAsync"/>: on two busy
    /// cores they can land seconds after the command that caused them, and no command handler writes them.
    /// </summary>
    private static readonly HashSet<string> OrchestrationKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        "PageSent", "PageFailed", "Escalated", "Notified", "Unacknowledged", "UpdateReminder", "UpdateOverdue", "GoneQuiet",
        "ActionReminder", "PostmortemDrafted", "RetrospectiveReminder", "Closed",
    };

    /// <summary>
    /// The incident as the API shows it and every row of its partition in the records and timeline tables (keys and
    /// ETags, so an overwrite shows too) except the orchestration's own timeline entries: what a rejected command must
    /// not change.
    /// </summary>
    public async Task<string> SnapshotAsync(long id)
    {
        var detail = await Driver.GetAsync($"api/incidents/{id}");
        var incident = detail.Status == HttpStatusCode.OK ? detail.Json!["incident"]!.ToJsonString() : ((int)detail.Status).ToString(CultureInfo.InvariantCulture);
        var partition = IncidentIds.PartitionKey(id);
        return $"incident {incident}\nrecords {await RowsAsync("IncidentRecords", partition, _ => true)}\n" +
               $"timeline {await RowsAsync("Timeline", partition, row => !OrchestrationKinds.Contains(row.GetString("Kind") ?? ""))}";
    }

    /// <summary>Opens an incident on the records service (slow policy, no auto-resolve) and returns once Alice's page is on its timeline.</summary>
    public async Task<long> OpenIncidentAsync(string title)
    {
        var id = Payloads.IncidentId(await Driver.PostAlertAsync("generic", "e2e-records", Payloads.Generic(title, Payloads.Unique("fuzz"))));
        await Driver.WaitForIncidentAsync(id, d => d["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "pageSent"), TimeSpan.FromSeconds(90));
        return id;
    }

    private async Task<string> RowsAsync(string table, string partition, Func<TableEntity, bool> include)
    {
        var rows = new List<string>();
        await foreach (var row in runtime.Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            if (include(row))
            {
                rows.Add(row.RowKey + "@" + row.ETag);
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return $"{rows.Count} [{string.Join(", ", rows)}]";
    }
}

internal enum Auth
{
    None,
    Admin,
    Console,
}

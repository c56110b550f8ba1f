using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The rejection tests' rig: the incidents they share, the request they send, and the assertions that a command was
/// refused with the right problem and wrote nothing.
/// </summary>
public sealed partial class ResponseCommandRejectionTests
{
    private const long NoSuchIncident = 999_999_999;
    private const string RejectsKey = "e2e-rejects";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Shared incidents, by task hub and kind, created on first use.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<SharedIncident>>> Shared = new(StringComparer.Ordinal);

    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    private sealed record SharedIncident(long Id, string? ActionId = null);

    /// <summary>Acknowledged by Alice on the slow policy with no update cadence: its orchestration waits for events only.</summary>
    private Task<SharedIncident> AcknowledgedAsync() => SharedAsync("acknowledged", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: acknowledged");
        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        return new SharedIncident(id);
    });

    /// <summary>Paged on the slow policy's first tier; the next tier is ten minutes away.</summary>
    private Task<SharedIncident> TriggeredAsync() => SharedAsync("triggered", async () => new SharedIncident(await OpenIncidentAsync("Rejections: triggered")));

    /// <summary>Resolved over the API, its post-mortem drafted (due in a day at SEV2): it waits for the post-mortem's completion.</summary>
    private Task<SharedIncident> ResolvedAsync() => SharedAsync("resolved", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: resolved");
        await ResolveAndWaitForDraftAsync(id);
        return new SharedIncident(id);
    });

    /// <summary>An action recorded, resolved, post-mortem completed once, and closed: its orchestration has finished.</summary>
    private Task<SharedIncident> ClosedAsync() => SharedAsync("closed", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: closed");
        var action = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Fail over to the replica", "why": "primary disk full", "expectedEffect": "writes succeed", "undo": "fail back"}""");
        Assert.True(action.Status == HttpStatusCode.Created, action.ToString());
        await ResolveAndWaitForDraftAsync(id);
        var completed = await _driver.PostJsonAsync($"api/incidents/{id}/postmortem/complete", """{"by": "Alice"}""");
        Assert.True(completed.Status == HttpStatusCode.OK, completed.ToString());
        await _driver.WaitForIncidentAsync(id, d => d["incident"]!["status"]!.GetValue<string>() == "closed" && HasTimelineEntry(d, "closed"), Deadline);
        return new SharedIncident(id, action.Json!["id"]!.GetValue<string>());
    });

    private Task<SharedIncident> SharedAsync(string kind, Func<Task<SharedIncident>> create) =>
        Shared.GetOrAdd(runtime.TaskHubName + "/" + kind, _ => new Lazy<Task<SharedIncident>>(create)).Value;

    /// <summary>Opens an incident on the rejects service and returns once Alice's page is on its timeline.</summary>
    private async Task<long> OpenIncidentAsync(string title)
    {
        var body = Payloads.Generic(title, Payloads.Unique("rejects"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var reply = await _driver.PostAlertAsync("generic", RejectsKey, body);
        while (reply.Status == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
        {
            // Other scenarios spend this key's budget too: come back when the runtime says to.
            await Task.Delay(reply.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(3));
            reply = await _driver.PostAlertAsync("generic", RejectsKey, body);
        }

        var id = Payloads.IncidentId(reply);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        await _driver.WaitForIncidentAsync(id, d => HasTimelineEntry(d, "pageSent"), Deadline);
        return id;
    }

    private async Task ResolveAndWaitForDraftAsync(long id)
    {
        var resolved = await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Cleared the full disk on db-1"}""");
        Assert.True(resolved.Status == HttpStatusCode.OK, resolved.ToString());
        await _driver.WaitForPostmortemAsync(id, Deadline);

        // The draft row is written before its timeline entry; after that entry the orchestration waits for completion.
        await _driver.WaitForIncidentAsync(id, d => HasTimelineEntry(d, "postmortemDrafted"), Deadline);
    }

    private static bool HasTimelineEntry(JsonNode detail, string kind) =>
        detail["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == kind);

    private async Task AssertRejectedAsync(
        long id, string method, string path, string body, HttpStatusCode status, string? field, string? detailContains = null, string? key = "admin")
    {
        var before = await SnapshotAsync(id);
        var reply = await SendAsync(method, path, body, key);

        AssertProblem(reply, status, field, detailContains);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    /// <summary>Twilio gets a reply (200, TwiML) that says what was wrong, and nothing is written.</summary>
    private async Task AssertSmsRejectedAsync(long id, string text, params string[] replyContains)
    {
        var before = await SnapshotAsync(id);
        var reply = await _driver.TextAsync(PipelineFixture.Alice, text);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Contains("<Message>", reply.Text);
        // The message is XML-escaped inside the TwiML: the help's "<text>" arrives as "&lt;text&gt;".
        var message = WebUtility.HtmlDecode(reply.Text);
        foreach (var expected in replyContains)
        {
            Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before, await SnapshotAsync(id));
    }

    private Task<Reply> SendAsync(string method, string path, string body, string? key = "admin") => method switch
    {
        "GET" => _driver.GetAsync(path, key),
        "POST" => _driver.PostJsonAsync(path, body, key),
        "PUT" => _driver.PutJsonAsync(path, body, key),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private async Task<Reply> SendChunkedAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        return new Reply(response.StatusCode, text, json, response.Content.Headers.ContentType, response.Headers);
    }

    private static void AssertProblem(Reply reply, HttpStatusCode status, string? field, string? detailContains = null)
    {
        Assert.True(status == reply.Status, $"expected {(int)status} but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.True(field == reply.Json?["field"]?.GetValue<string>(), $"expected field '{field}' but got {reply}");
        }

        var detail = reply.Json?["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail in {reply}");
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Placeholders the rows cannot hold as constants: times relative to now, and a text one character too long.</summary>
    private static string Expand(string body) => body
        .Replace("{1h ago}", DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{5s ago}", DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{in 25h}", DateTimeOffset.UtcNow.AddHours(25).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{4001 chars}", new string('x', 4001), StringComparison.Ordinal);

    /// <summary>
    /// What a rejected command must not change: the incident as the API shows it, every row in its partition of the
    /// records and timeline tables (count, keys and ETags, so an overwrite shows too), and the number of incidents.
    /// </summary>
    private async Task<string> SnapshotAsync(long id)
    {
        var detail = await _driver.GetAsync($"api/incidents/{id}");
        var incident = detail.Status == HttpStatusCode.OK
            ? detail.Json!["incident"]!.ToJsonString()
            : ((int)detail.Status).ToString(CultureInfo.InvariantCulture);
        var partition = IncidentIds.PartitionKey(id);
        return $"incident {incident}\nrecords {await RowsAsync("IncidentRecords", partition)}\ntimeline {await RowsAsync("Timeline", partition)}\n" +
               await IncidentTableAsync();
    }

    private async Task<string> RowsAsync(string table, string partition)
    {
        var rows = new List<string>();
        await foreach (var row in runtime.Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row.RowKey + "@" + row.ETag);
        }

        rows.Sort(StringComparer.Ordinal);
        return $"{rows.Count} [{string.Join(", ", rows)}]";
    }

    /// <summary>No incident is opened and no number taken by a refused command (one for an incident that does not exist included).</summary>
    private async Task<string> IncidentTableAsync()
    {
        var incidents = 0;
        await foreach (var _ in runtime.Table("Incidents").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            incidents++;
        }

        var counter = await runtime.Table("Counters").GetEntityIfExistsAsync<TableEntity>("counters", "incident");
        return $"incidents {incidents}, counter {(counter.HasValue ? counter.Value!.GetInt64("Value") : 0)}\n";
    }
}

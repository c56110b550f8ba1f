using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>What a monitoring tool, a responder's phone (through Twilio) and an operator do to the runtime, over real HTTP.</summary>
public sealed class PipelineDriver(HttpClient http, string adminKey, string twilioAuthToken, string twilioNumber)
{
    public HttpClient Http => http;

    public async Task<Reply> PostAlertAsync(string format, string? key, string json, string? headerKey = null)
    {
        var url = key is null ? $"api/alerts/{format}" : $"api/alerts/{format}?key={Uri.EscapeDataString(key)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (headerKey is not null)
        {
            request.Headers.Add("X-Integration-Key", headerKey);
        }

        return await SendAsync(request);
    }

    public async Task<Reply> EnqueueAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/enqueue") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    /// <summary>A reply texted by <paramref name="from"/>, delivered as Twilio's signed webhook.</summary>
    public async Task<Reply> TextAsync(string from, string body, string? signWithToken = null, string? signedUrl = null, bool sign = true)
    {
        var url = new Uri(http.BaseAddress!, "api/sms/inbound").ToString();
        var form = TwilioSignature.InboundSmsForm(from, twilioNumber, body);
        using var request = sign
            ? TwilioSignature.CreateSignedRequest(url, form, signWithToken ?? twilioAuthToken, signedUrl)
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    /// <summary>A browser's form POST (no key, no signature) to <paramref name="url"/>, with <paramref name="form"/> or nothing.</summary>
    public async Task<Reply> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form ?? []) };
        return await SendAsync(request);
    }

    /// <summary>A Twilio webhook to <paramref name="url"/> (absolute, as Twilio was given it), signed unless <paramref name="sign"/> is false.</summary>
    public async Task<Reply> PostTwilioFormAsync(string url, IEnumerable<KeyValuePair<string, string>> form, bool sign = true, string? signWithToken = null)
    {
        using var request = sign
            ? TwilioSignature.CreateSignedRequest(url, form, signWithToken ?? twilioAuthToken)
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    public Task<Reply> GetAsync(string path, string? key = "admin")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key == "admin" ? adminKey : key);
        }

        return SendAsync(request);
    }

    public Task<Reply> PostJsonAsync(string path, string json, string? key = "admin")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key == "admin" ? adminKey : key);
        }

        return SendAsync(request);
    }

    public Task<Reply> PutJsonAsync(string path, string json, string? key = "admin") => SendJsonAsync(HttpMethod.Put, path, json, key);

    public Task<Reply> PatchJsonAsync(string path, string json, string? key = "admin") => SendJsonAsync(HttpMethod.Patch, path, json, key);

    public Task<Reply> DeleteAsync(string path, string? key = "admin") => SendJsonAsync(HttpMethod.Delete, path, null, key);

    /// <summary>Any method, with the admin key (or <paramref name="key"/>) and a JSON body when one is given.</summary>
    public Task<Reply> SendJsonAsync(HttpMethod method, string path, string? json, string? key = "admin")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key == "admin" ? adminKey : key);
        }

        return SendAsync(request);
    }

    public async Task<JsonNode> IncidentAsync(long id)
    {
        var reply = await GetAsync($"api/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!;
    }

    /// <summary>Polls the incident until <paramref name="condition"/> holds, failing with its last state after the deadline.</summary>
    public async Task<JsonNode> WaitForIncidentAsync(long id, Func<JsonNode, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonNode last;
        while (true)
        {
            last = await IncidentAsync(id);
            if (condition(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"INC {id} did not reach the expected state; last seen: {last.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Polls the post-mortem until it is drafted (in the background, after resolution) and returns it, failing with the
    /// last reply after the deadline.
    /// </summary>
    public async Task<JsonNode> WaitForPostmortemAsync(long id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var reply = await GetAsync($"api/incidents/{id}/postmortem");
            if (reply.Status == HttpStatusCode.OK)
            {
                return reply.Json!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no post-mortem for INC {id}: {reply}");
            await Task.Delay(200);
        }
    }

    private async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
        {
            json = JsonNode.Parse(text);
        }

        return new Reply(response.StatusCode, text, json, response.Content.Headers.ContentType, response.Headers);
    }
}

public sealed record Reply(HttpStatusCode Status, string Text, JsonNode? Json, MediaTypeHeaderValue? ContentType, HttpResponseHeaders Headers)
{
    public override string ToString() => $"{(int)Status} {Text}";
}

/// <summary>Alert bodies written from the documented formats (not copied from anywhere).</summary>
public static class Payloads
{
    public static string Alertmanager(string fingerprint, string alertname, string status = "firing", string severity = "critical") =>
        new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"" + alertname + "\"}",
            ["status"] = status,
            ["receiver"] = "incident-functions",
            ["groupLabels"] = new JsonObject { ["alertname"] = alertname },
            ["commonLabels"] = new JsonObject { ["alertname"] = alertname, ["severity"] = severity },
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager.example:9093",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = new JsonObject { ["alertname"] = alertname, ["severity"] = severity, ["instance"] = "web-1:9100" },
                ["annotations"] = new JsonObject { ["summary"] = alertname + " on web-1" },
                ["startsAt"] = "2026-11-24T10:00:00.123456789Z",
                ["endsAt"] = status == "resolved" ? "2026-11-24T10:05:00Z" : "0001-01-01T00:00:00Z",
                ["generatorURL"] = "http://prometheus.example:9090/graph",
                ["fingerprint"] = fingerprint,
            }),
        }.ToJsonString();

    public static string Generic(string title, string dedupKey, string status = "firing") =>
        new JsonObject { ["title"] = title, ["dedupKey"] = dedupKey, ["severity"] = "error", ["status"] = status, ["source"] = "e2e" }.ToJsonString();

    public static string PagerDuty(string routingKey, string action, string dedupKey) =>
        action == "trigger"
            ? new JsonObject
            {
                ["routing_key"] = routingKey,
                ["event_action"] = "trigger",
                ["dedup_key"] = dedupKey,
                ["payload"] = new JsonObject { ["summary"] = "Disk almost full on db-1", ["source"] = "db-1", ["severity"] = "warning" },
            }.ToJsonString()
            : new JsonObject { ["routing_key"] = routingKey, ["event_action"] = action, ["dedup_key"] = dedupKey }.ToJsonString();

    public static long IncidentId(Reply reply, int index = 0) =>
        reply.Json?["alerts"]?[index]?["incidentId"]?.GetValue<long>() ?? throw new Xunit.Sdk.XunitException("no incident id in " + reply);

    public static string Result(Reply reply, int index = 0) =>
        reply.Json?["alerts"]?[index]?["result"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("no result in " + reply);

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}

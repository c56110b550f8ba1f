using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>
/// One regression test per 5xx the fuzz tests found, with the shrunk input written out, so each stays fixed even if
/// the generators change.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FoundByFuzzingTests(FuzzFixture runtime)
{
    /// <summary>One incident per runtime for the rows: a rejected command changes nothing, so they can share it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<long>>> Incident = new(StringComparer.Ordinal);

    private readonly FuzzHttp _http = new(runtime);

    /// <summary>Found: {"text":"disk is full","kind":"finding","by":"Al\xFF\xFEice"} → 500 (JsonElement.GetString threw on invalid UTF-8).</summary>
    [Theory]
    [InlineData("POST", "notes", "{\"text\":\"disk is full\",\"kind\":\"finding\",\"by\":\"Al\xFF\xFEice\"}", "by")]
    [InlineData("PUT", "scope", "{\"affectedServices\":[\"checkout\",\"p\xC3\x28zyments\"],\"customerVisible\":true}", "affectedServices[1]")]
    [InlineData("POST", "updates", "{\"text\":\"Found it\xED\xA0\x80\",\"audiences\":[\"team\"]}", "text")]
    [InlineData("POST", "notes", "{\"text\":\"\\ud800 lone surrogate\"}", "text")]
    [InlineData("PUT", "postmortem", "{\"summary\":\"The disk\x80 filled up\"}", "summary")]
    [InlineData("POST", "notes", "{\"te\xFFxt\":\"x\"}", "$")]
    public async Task Invalid_UTF8_in_a_command_body_is_a_400_naming_the_field_not_a_500(string method, string path, string latin1Body, string field)
    {
        // The test data holds the raw bytes as Latin-1 characters, one per byte.
        var body = Encoding.Latin1.GetBytes(latin1Body);
        var id = await Incident.GetOrAdd(runtime.TaskHubName, _ => new Lazy<Task<long>>(() => _http.OpenIncidentAsync("Regression: UTF-8"))).Value;
        var before = await _http.SnapshotAsync(id);

        var reply = await _http.SendAsync(new HttpMethod(method), $"api/incidents/{id}/{path}", body, Auth.Admin);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.ToString());
        Assert.Equal(field, reply.Json!["field"]!.GetValue<string>());
        Assert.Equal(before, await _http.SnapshotAsync(id));
    }

    /// <summary>Found: a correctly signed SMS webhook with 1 066 form fields → 500 (the form reader's value-count limit threw).</summary>
    [Theory]
    [InlineData(1_066, 1)]
    [InlineData(2, 3_000)]
    public async Task An_SMS_form_over_the_form_limits_is_a_400_not_a_500(int fields, int keyLength)
    {
        var form = Enumerable.Range(0, fields)
            .Select(i => new KeyValuePair<string, string>(i == 0 ? "From" : new string('k', keyLength) + i, i == 0 ? PipelineFixture.Erin : "v"))
            .ToList();
        var url = new Uri(runtime.Client.BaseAddress!, "api/sms/inbound").ToString();
        using var request = TwilioSignature.CreateSignedRequest(url, form, runtime.Twilio.AuthToken);

        var reply = await _http.SendAsync(request);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.ToString());
        Assert.Equal("body", reply.Json!["field"]!.GetValue<string>());
    }

    /// <summary>
    /// Found: PUT postmortem {"summary": "a" + 5 000 emoji} → 500. Within the summary's 20 000-character limit, but as
    /// stored JSON each emoji is 12 characters, past the 64 KiB a table property holds. Now the post-mortem is stored
    /// over several properties, and one too large even for that is a 400 before anything is written.
    /// </summary>
    [Fact]
    public async Task A_postmortem_edit_within_the_section_limits_is_saved_or_refused_with_a_400_never_a_500()
    {
        var id = await _http.OpenIncidentAsync("Regression: post-mortem size");
        var resolved = await _http.Driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Cleared the full disk"}""");
        Assert.True(resolved.Status == HttpStatusCode.OK, resolved.ToString());
        await _http.Driver.WaitForPostmortemAsync(id, TimeSpan.FromSeconds(90));

        var summary = "a" + string.Concat(Enumerable.Repeat("😀", 5_000));
        var saved = await _http.Driver.PutJsonAsync($"api/incidents/{id}/postmortem", new JsonObject { ["summary"] = summary }.ToJsonString());
        Assert.True(saved.Status == HttpStatusCode.OK, saved.ToString());
        Assert.Equal(summary, (await _http.Driver.GetAsync($"api/incidents/{id}/postmortem")).Json!["summary"]!.GetValue<string>());

        // 15 items of 1 000 emoji fit one 64 KB body and each section's limits; three such sections do not fit a row.
        // Written by hand: a serializer would escape each emoji as 12 bytes and the body would pass 64 KB.
        var items = "[" + string.Join(",", Enumerable.Repeat("\"" + string.Concat(Enumerable.Repeat("😀", 1_000)) + "\"", 15)) + "]";
        foreach (var section in new[] { "wentWell", "toChange" })
        {
            var ok = await _http.Driver.PutJsonAsync($"api/incidents/{id}/postmortem", $"{{\"{section}\": {items}}}");
            Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        }

        var before = (await _http.Driver.GetAsync($"api/incidents/{id}/postmortem")).Text;
        var tooLarge = await _http.Driver.PutJsonAsync($"api/incidents/{id}/postmortem", $"{{\"lessons\": {items}}}");
        Assert.True(tooLarge.Status == HttpStatusCode.BadRequest, tooLarge.ToString());
        Assert.Equal(before, (await _http.Driver.GetAsync($"api/incidents/{id}/postmortem")).Text);
    }

    /// <summary>
    /// Found: an Alertmanager alert whose summary is 300 000 characters (250 000 here, so the whole body stays under 512 KB) → 500, after its incident number and dedup claim
    /// were taken (the incident row could not hold the title). Labels of that size were cut mid-JSON and could not be
    /// read back. Now an alert is cut to what its rows hold before anything is written.
    /// </summary>
    [Fact]
    public async Task An_alert_with_huge_fields_opens_a_readable_incident_with_its_fields_cut()
    {
        var labels = new JsonObject { ["alertname"] = "Huge" + Payloads.Unique("a") };
        for (var i = 0; i < 50; i++)
        {
            labels[$"label{i}"] = new string('é', 1_000);
        }

        var body = new JsonObject
        {
            ["version"] = "4",
            ["status"] = "firing",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["summary"] = new string('x', 250_000) },
                ["fingerprint"] = new string('f', 50_000),
            }),
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var reply = await _http.Driver.PostAlertAsync("alertmanager", "e2e-records", body);

        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        var detail = await _http.Driver.IncidentAsync(Payloads.IncidentId(reply));
        Assert.InRange(detail["incident"]!["title"]!.GetValue<string>().Length, 1, 1024);
        Assert.NotEmpty(detail["alerts"]!.AsArray()[0]!["labels"]!.AsObject());

        // The same huge alert again joins the incident: the shortened dedup key is stable.
        var again = await _http.Driver.PostAlertAsync("alertmanager", "e2e-records", body);
        Assert.Equal("appended", Payloads.Result(again));
        Assert.Equal(Payloads.IncidentId(reply), Payloads.IncidentId(again));
    }
}

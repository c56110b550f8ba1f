using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.Faults;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Opsgenie's Alert API on the local runtime, called as a tool configured for Opsgenie calls it (bodies from
/// https://docs.opsgenie.com/docs/alert-api): create by alias, the answers in Opsgenie's shape, close and acknowledge by
/// alias, id and tinyId, notes, GET; and every refusal (no key, a wrong one, a bad body) leaves nothing behind.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class OpsgenieApiTests(PipelineFixture runtime)
{
    private const string Key = "e2e-opsgenie";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task A_create_pages_and_answers_as_Opsgenie_then_close_by_alias_resolves_it()
    {
        var alias = Payloads.Unique("og");
        var created = await SendAsync(HttpMethod.Post, "v2/alerts", $$"""
            {"message":"Checkout 5xx above 2%","alias":"{{alias}}","description":"from the API","priority":"P2","entity":"checkout-1",
             "tags":["prod"],"details":{"region":"eu"},"responders":[{"name":"TeamA","type":"team"}],"user":"Monitoring Script","note":"first seen"}
            """);

        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        Assert.Equal("Request will be processed", created.Json!["result"]!.GetValue<string>());
        Assert.True(Guid.TryParse(created.Json["requestId"]!.GetValue<string>(), out _));
        Assert.True(created.Json["took"]!.GetValue<double>() >= 0);

        var got = await SendAsync(HttpMethod.Get, $"v2/alerts/{Uri.EscapeDataString(alias)}?identifierType=alias");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        var data = got.Json!["data"]!;
        Assert.Equal((alias, "open", "P2", "Checkout 5xx above 2%"), (data["alias"]!.GetValue<string>(), data["status"]!.GetValue<string>(), data["priority"]!.GetValue<string>(), data["message"]!.GetValue<string>()));
        var id = long.Parse(data["tinyId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        var incident = await _driver.IncidentAsync(id);
        Assert.Equal("SEV2", incident["incident"]!["severity"]!.GetValue<string>());
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "note" && e["summary"]!.GetValue<string>().Contains("first seen", StringComparison.Ordinal));
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "note" && e["summary"]!.GetValue<string>().Contains("Opsgenie responders ignored", StringComparison.Ordinal));

        // The same alias again is a repeat of the same incident, as Opsgenie deduplicates.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "v2/alerts", $$"""{"message":"Checkout 5xx above 2%","alias":"{{alias}}"}""")).Status);
        incident = await _driver.WaitForIncidentAsync(id, i => i["incident"]!["alertCount"]!.GetValue<int>() == 2, Deadline);

        // Alertmanager's update_alerts: accepted, the incident keeps its first words.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Put, $"v2/alerts/{Uri.EscapeDataString(alias)}/message?identifierType=alias", """{"message":"new message"}""")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Put, $"v2/alerts/{Uri.EscapeDataString(alias)}/description?identifierType=alias", """{"description":"new description"}""")).Status);
        Assert.NotNull((await SendAsync(HttpMethod.Put, $"v2/alerts/{Uri.EscapeDataString(alias)}/message?identifierType=alias", """{}""")).Json!["errors"]!["message"]);
        Assert.Equal("Checkout 5xx above 2%", (await _driver.IncidentAsync(id))["incident"]!["title"]!.GetValue<string>());

        // Alertmanager's and Grafana's close: by alias, a body of one field.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"v2/alerts/{Uri.EscapeDataString(alias)}/close?identifierType=alias", """{"source":"Grafana"}""")).Status);
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "resolved", Deadline);
        got = await SendAsync(HttpMethod.Get, $"v2/alerts/{id}?identifierType=tiny");
        Assert.Equal("closed", got.Json!["data"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Acknowledge_by_id_notes_and_close_on_a_service_without_auto_resolve()
    {
        var alias = Payloads.Unique("og-manual");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "v2/alerts", $$"""{"message":"Disk 91% on db-1","alias":"{{alias}}","priority":"P3"}""", "e2e-opsgenie-manual")).Status);
        var data = (await SendAsync(HttpMethod.Get, $"v2/alerts/{Uri.EscapeDataString(alias)}?identifierType=alias", key: "e2e-opsgenie-manual")).Json!["data"]!;
        var (id, alertId) = (long.Parse(data["tinyId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), data["id"]!.GetValue<string>());

        // identifierType defaults to id, as in Opsgenie.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"v2/alerts/{alertId}/acknowledge", """{"user":"Monitoring Script","note":"looking"}""", "e2e-opsgenie-manual")).Status);
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "acknowledged", Deadline);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"v2/alerts/{id}/notes?identifierType=tiny", """{"note":"vacuum running","user":"Monitoring Script"}""", "e2e-opsgenie-manual")).Status);

        // Closed at the source: this service keeps incidents open until a person resolves them.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"v2/alerts/{Uri.EscapeDataString(alias)}/close?identifierType=alias", "", "e2e-opsgenie-manual")).Status);
        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "alertResolved"), Deadline);
        Assert.Equal("acknowledged", incident["incident"]!["status"]!.GetValue<string>());
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "note" && e["summary"]!.GetValue<string>().Contains("vacuum running", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary":"vacuumed"}""")).Status);
    }

    [Theory]
    [InlineData(null, 401, "Authorization")]
    [InlineData("GenieKey not-a-key", 403, "Authorization")]
    [InlineData("Bearer e2e-opsgenie", 401, "Authorization")]
    public async Task Without_the_integration_key_nothing_is_done(string? authorization, int status, string field)
    {
        var alias = Payloads.Unique("og-refused");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/alerts") { Content = new StringContent($$"""{"message":"x","alias":"{{alias}}"}""", Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await runtime.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("Could not authenticate.", body["message"]!.GetValue<string>());
        Assert.NotNull(body["errors"]![field]);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"v2/alerts/{alias}?identifierType=alias")).Status);
    }

    [Theory]
    [InlineData("""{"alias":"x"}""", "message")]
    [InlineData("""{"message":"m","priority":"P0"}""", "priority")]
    [InlineData("""{"message":"m","tags":{"a":1}}""", "tags")]
    [InlineData("""not json""", "$")]
    public async Task A_bad_body_is_refused_in_Opsgenie_s_shape_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = (await _driver.GetAsync("api/incidents")).Text;

        var reply = await SendAsync(HttpMethod.Post, "v2/alerts", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("Request body is not processable. Please check the errors.", reply.Json!["message"]!.GetValue<string>());
        Assert.NotNull(reply.Json["errors"]![field]);
        Assert.Equal(before, (await _driver.GetAsync("api/incidents")).Text);
    }

    [Fact]
    public async Task Unknown_alerts_and_identifier_types_are_refused()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "v2/alerts/no-such-alias?identifierType=alias")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "v2/alerts/99999999?identifierType=tiny")).Status);
        var wrongType = await SendAsync(HttpMethod.Post, "v2/alerts/x/notes?identifierType=name", """{"note":"n"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.Status);
        Assert.NotNull(wrongType.Json!["errors"]!["identifierType"]);
        var noNote = await SendAsync(HttpMethod.Post, "v2/alerts/x/notes?identifierType=alias", """{"user":"u"}""");
        Assert.NotNull(noNote.Json!["errors"]!["note"]);
    }

    private async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, string key = Key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", key);
        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, text.StartsWith('{') ? JsonNode.Parse(text) : null, response.Content.Headers.ContentType, response.Headers);
    }
}

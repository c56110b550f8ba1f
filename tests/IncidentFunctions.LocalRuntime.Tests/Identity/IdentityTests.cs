using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;

namespace IncidentFunctions.LocalRuntime.Tests.Identity;

/// <summary>
/// Everyone acts as themselves: a responder cannot act as anyone else through any path (the console's API, a personal
/// token, "by" in a body), a Viewer writes nothing, the admin key is recorded as automation, tokens are made by a
/// signed-in person and refused once revoked; every refusal writes nothing, and every entry says who and through what.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class IdentityTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task A_responder_in_the_console_cannot_act_as_someone_else_and_nothing_is_written()
    {
        using var alice = await ConsoleClient.SignedInAsync(runtime, "Alice");
        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: console as Bob");

        foreach (var (path, body) in new[]
        {
            ($"incidents/{id}/ack", """{"by": "Bob"}"""),
            ($"incidents/{id}/notes", """{"text": "Bob found it", "by": "Bob"}"""),
            ($"incidents/{id}/resolve", """{"summary": "fixed", "by": "Bob"}"""),
            ($"incidents/{id}/alert-feedback", """{"useful": false, "by": "Bob"}"""),
        })
        {
            var reply = await alice.PostAsync(path, body);
            Assert.True(reply.Status == HttpStatusCode.Forbidden, $"{path}: {reply}");
            Assert.Equal("by", reply.Json!["field"]!.GetValue<string>());
        }

        var incident = await _api.IncidentAsync(id);
        Assert.Equal("triggered", incident["incident"]!["status"]!.GetValue<string>());
        Assert.Empty(incident["notes"]!.AsArray());
        // Pages go out meanwhile; nothing anyone did is on the timeline.
        Assert.DoesNotContain(incident["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() is "acknowledged" or "note" or "resolved" or "leadAssigned");
    }

    [Fact]
    public async Task A_responder_acts_as_themselves_and_on_behalf_of_someone_keeps_both_names()
    {
        using var alice = await ConsoleClient.SignedInAsync(runtime, "Alice");
        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: on behalf of");

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"incidents/{id}/ack", "{}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"incidents/{id}/notes", """{"text": "Bob saw the disk fill", "onBehalfOf": "Bob"}""")).Status);

        var detail = await _api.IncidentAsync(id);
        Assert.Equal("Alice", detail["incident"]!["lead"]!.GetValue<string>());
        var ack = Entry(detail, "acknowledged");
        Assert.Equal(("Alice", "console"), (ack["actor"]!.GetValue<string>(), ack["via"]!.GetValue<string>()));
        var note = Entry(detail, "note");
        Assert.Equal(("Alice", "console", "Bob"), (note["actor"]!.GetValue<string>(), note["via"]!.GetValue<string>(), note["recordedFor"]!.GetValue<string>()));

        var (_, page) = await alice.GetPageAsync($"console/incidents/{id}");
        Assert.Contains("Alice for Bob <small class=\"via\">via console</small>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_key_is_recorded_as_automation_and_its_by_as_whom_it_was_for()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: automation");

        var missing = await _api.PostJsonAsync($"api/incidents/{id}/ack", "{}");
        Assert.Equal((HttpStatusCode.BadRequest, "by"), (missing.Status, missing.Json!["field"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Bob"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync($"api/incidents/{id}/notes", """{"text": "from the runbook bot"}""")).Status);

        var detail = await _api.IncidentAsync(id);
        Assert.Equal("Bob", detail["incident"]!["lead"]!.GetValue<string>());
        var ack = Entry(detail, "acknowledged");
        Assert.Equal(("admin key (automation)", "automation key", "Bob"),
            (ack["actor"]!.GetValue<string>(), ack["via"]!.GetValue<string>(), ack["recordedFor"]!.GetValue<string>()));
        Assert.Equal("Acknowledged by automation for Bob via automation key", ack["summary"]!.GetValue<string>());
        var note = Entry(detail, "note");
        Assert.Equal(("admin key (automation)", "automation key"), (note["actor"]!.GetValue<string>(), note["via"]!.GetValue<string>()));
        Assert.Null(note["recordedFor"]);
    }

    [Fact]
    public async Task A_personal_token_acts_as_its_owner_is_listed_without_its_secret_and_stops_when_revoked()
    {
        using var carol = await ConsoleClient.SignedInAsync(runtime, "Carol");
        var made = await carol.PostAsync("tokens", """{"label": "laptop of Carol", "expiresInDays": 7}""");
        Assert.Equal(HttpStatusCode.Created, made.Status);
        Assert.Equal("no-store", made.Headers.CacheControl!.ToString());
        var token = made.Json!["token"]!.GetValue<string>();
        var tokenId = made.Json["details"]!["id"]!.GetValue<string>();
        Assert.Matches("^ift_[0-9a-f]{16}_[0-9a-f]{64}$", token);
        Assert.Equal("Responder", made.Json["details"]!["role"]!.GetValue<string>());

        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: token");
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(token, HttpMethod.Post, $"api/incidents/{id}/ack", "{}")).Status);
        var asBob = await WithTokenAsync(token, HttpMethod.Post, $"api/incidents/{id}/notes", """{"text": "x", "by": "Bob"}""");
        Assert.Equal((HttpStatusCode.Forbidden, "by"), (asBob.Status, asBob.Json!["field"]!.GetValue<string>()));
        var ack = Entry(await _api.IncidentAsync(id), "acknowledged");
        Assert.Equal(("Carol", "API token"), (ack["actor"]!.GetValue<string>(), ack["via"]!.GetValue<string>()));

        var listed = (await carol.ApiAsync(HttpMethod.Get, "tokens")).Text;
        Assert.Contains(tokenId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token[(token.LastIndexOf('_') + 1)..], listed, StringComparison.Ordinal);
        Assert.True(listed.Contains("\"lastUsedAt\":\"", StringComparison.Ordinal), listed);
        var (_, page) = await carol.GetPageAsync("console/tokens");
        Assert.Contains("laptop of Carol", page, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);

        // Someone else's token is not found to a Responder; its owner revokes it, and it is refused from then on.
        using var bob = await ConsoleClient.SignedInAsync(runtime, "Bob");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.ApiAsync(HttpMethod.Delete, $"tokens/{tokenId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await carol.ApiAsync(HttpMethod.Delete, $"tokens/{tokenId}")).Status);
        var refused = await WithTokenAsync(token, HttpMethod.Post, $"api/incidents/{id}/notes", """{"text": "after revocation"}""");
        Assert.Equal((HttpStatusCode.Unauthorized, "Authorization"), (refused.Status, refused.Json!["field"]!.GetValue<string>()));
        Assert.Contains("revoked", refused.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await _api.IncidentAsync(id))["notes"]!.AsArray());
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_its_call_writes_nothing()
    {
        // A token made two days ago for one day, kept as the console would have kept it.
        var (expired, text) = Domain.Identity.ApiToken.Issue("Alice", "old script", Domain.Identity.AccessRole.Responder, TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-2));
        await new Application.Storage.IdentityStore(runtime.Tables, runtime.TaskHubName).AddTokenAsync(expired, CancellationToken.None);
        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: expired token");

        var refused = await WithTokenAsync(text, HttpMethod.Post, $"api/incidents/{id}/notes", """{"text": "too late"}""");

        Assert.Equal((HttpStatusCode.Unauthorized, "Authorization"), (refused.Status, refused.Json!["field"]!.GetValue<string>()));
        Assert.Contains("expired", refused.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await _api.IncidentAsync(id))["notes"]!.AsArray());
    }

    [Fact]
    public async Task A_viewer_token_reads_and_writes_nothing()
    {
        using var alice = await ConsoleClient.SignedInAsync(runtime, "Alice");
        var token = (await alice.PostAsync("tokens", """{"label": "wall screen", "role": "Viewer"}""")).Json!["token"]!.GetValue<string>();
        var id = await ConsoleIncidents.OpenAsync(_api, "Identity: viewer");

        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(token, HttpMethod.Get, $"api/incidents/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(token, HttpMethod.Get, "api/reports/response")).Status);
        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Post, $"api/incidents/{id}/ack", "{}"),
            (HttpMethod.Post, $"api/incidents/{id}/notes", """{"text": "x"}"""),
            (HttpMethod.Post, $"api/incidents/{id}/resolve", """{"summary": "x"}"""),
            (HttpMethod.Post, "api/maintenance", """{"services": ["maint"], "end": "2099-01-01T00:00:00Z", "reason": "x"}"""),
        })
        {
            var reply = await WithTokenAsync(token, method, path, body);
            Assert.True(reply.Status == HttpStatusCode.Forbidden, $"{path}: {reply}");
            Assert.Equal("role", reply.Json!["field"]!.GetValue<string>());
        }

        var incident = await _api.IncidentAsync(id);
        Assert.Equal("triggered", incident["incident"]!["status"]!.GetValue<string>());
        Assert.Empty(incident["notes"]!.AsArray());
    }

    [Fact]
    public async Task Tokens_are_made_only_by_a_person_signed_in_and_never_above_their_role()
    {
        using var alice = await ConsoleClient.SignedInAsync(runtime, "Alice");
        var aboveRole = await alice.PostAsync("tokens", """{"label": "x", "role": "Admin"}""");
        Assert.Equal((HttpStatusCode.Forbidden, "role"), (aboveRole.Status, aboveRole.Json!["field"]!.GetValue<string>()));
        var noLabel = await alice.PostAsync("tokens", "{}");
        Assert.Equal((HttpStatusCode.BadRequest, "label"), (noLabel.Status, noLabel.Json!["field"]!.GetValue<string>()));
        var tooLong = await alice.PostAsync("tokens", """{"label": "x", "expiresInDays": 400}""");
        Assert.Equal((HttpStatusCode.BadRequest, "expiresInDays"), (tooLong.Status, tooLong.Json!["field"]!.GetValue<string>()));

        var byKey = await _api.PostJsonAsync("api/tokens", """{"label": "x"}""");
        Assert.Equal(HttpStatusCode.Forbidden, byKey.Status);
        var token = (await alice.PostAsync("tokens", """{"label": "cli"}""")).Json!["token"]!.GetValue<string>();
        var byToken = await WithTokenAsync(token, HttpMethod.Post, "api/tokens", """{"label": "another"}""");
        Assert.Equal(HttpStatusCode.Forbidden, byToken.Status);
        Assert.Single((await alice.ApiAsync(HttpMethod.Get, "tokens")).Json!["tokens"]!.AsArray(), t => t!["label"]!.GetValue<string>() == "cli");
    }

    [Theory]
    [InlineData("Bearer ift_0000000000000000_0000000000000000000000000000000000000000000000000000000000000000", "no such token")]
    [InlineData("Bearer not-a-token", "Bearer ift_")]
    [InlineData("Basic YWxpY2U6cGFzc3dvcmQ=", "Bearer ift_")]
    public async Task A_token_that_is_not_one_is_401_naming_authorization(string authorization, string says)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/incidents");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var reply = await SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, "Authorization"), (reply.Status, reply.Json!["field"]!.GetValue<string>()));
        Assert.Contains(says, reply.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_work_needs_the_admin_role()
    {
        using var alice = await ConsoleClient.SignedInAsync(runtime, "Alice");
        using var ada = await ConsoleClient.SignedInAsync(runtime, "Ada");
        var end = DateTimeOffset.UtcNow.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var window = $$$"""{"services": ["maint-other"], "end": "{{{end}}}", "reason": "identity probe", "matchers": {"probe": "identity"}}""";

        var refused = await alice.PostAsync("maintenance", window);
        Assert.Equal((HttpStatusCode.Forbidden, "role"), (refused.Status, refused.Json!["field"]!.GetValue<string>()));
        Assert.DoesNotContain("identity probe", (await _api.GetAsync("api/maintenance")).Text, StringComparison.Ordinal);

        var made = await ada.PostAsync("maintenance", window);
        Assert.True(made.Status == HttpStatusCode.Created, made.ToString());
        Assert.Equal("Ada", made.Json!["createdBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsync($"maintenance/{made.Json["id"]!.GetValue<string>()}/end", "{}")).Status);

        // The pages show a Responder what they may not change as a notice instead of forms; an Admin gets the forms.
        var (_, alicesPage) = await alice.GetPageAsync("console/maintenance");
        Assert.Contains("id=\"maintenance-admin-only\"", alicesPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"maintenance-create\"", alicesPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"add-heartbeat\"", (await alice.GetPageAsync("console/heartbeats")).Body, StringComparison.Ordinal);
        Assert.Contains("id=\"maintenance-create\"", (await ada.GetPageAsync("console/maintenance")).Body, StringComparison.Ordinal);
        Assert.Contains("id=\"add-heartbeat\"", (await ada.GetPageAsync("console/heartbeats")).Body, StringComparison.Ordinal);

        // Anyone's own pager; someone else's only as an Admin.
        var othersPager = await alice.PostAsync("responders/Bob/test", "{}");
        Assert.Equal((HttpStatusCode.Forbidden, "name"), (othersPager.Status, othersPager.Json!["field"]!.GetValue<string>()));
    }

    private Task<Reply> WithTokenAsync(string token, HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return SendAsync(request);
    }

    private async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await runtime.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true ? JsonNode.Parse(text) : null;
            return new Reply(response.StatusCode, text, json, response.Content.Headers.ContentType, response.Headers);
        }
    }

    private static JsonNode Entry(JsonNode detail, string kind) =>
        detail["timeline"]!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == kind)!;
}

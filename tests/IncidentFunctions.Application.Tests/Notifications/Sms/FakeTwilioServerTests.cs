using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

/// <summary>
/// The fake's own contract over raw HTTP (no SDK): Twilio's documented status codes, error envelope and Message
/// resource. When the shared fixtures exist, its JSON field sets are compared with Twilio's published samples.
/// </summary>
public sealed class FakeTwilioServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeTwilioServer _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwilioServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_fake.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private string MessagesPath => $"/2010-04-01/Accounts/{_fake.AccountSid}/Messages.json";

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> PostAsync(
        IEnumerable<KeyValuePair<string, string>> form, string? user = null, string? password = null, string? path = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path ?? MessagesPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user ?? _fake.AccountSid}:{password ?? _fake.AuthToken}")));
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json, response);
    }

    private static KeyValuePair<string, string>[] Form(string? to = "+15558675310", string? from = "+15017122661", string? body = "Hi there", string? service = null) =>
        new (string Key, string? Value)[] { ("To", to), ("From", from), ("MessagingServiceSid", service), ("Body", body) }
            .Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!)).ToArray();

    [Fact]
    public async Task Creates_a_message_resource()
    {
        var (status, json, response) = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.Created, status);
        var sid = json.GetProperty("sid").GetString()!;
        Assert.Matches("^SM[0-9a-f]{32}$", sid);
        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal("+15558675310", json.GetProperty("to").GetString());
        Assert.Equal("+15017122661", json.GetProperty("from").GetString());
        Assert.Equal("Hi there", json.GetProperty("body").GetString());
        Assert.Equal(_fake.AccountSid, json.GetProperty("account_sid").GetString());
        Assert.Equal("1", json.GetProperty("num_segments").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("price").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error_code").ValueKind);
        Assert.Equal($"/2010-04-01/Accounts/{_fake.AccountSid}/Messages/{sid}.json", json.GetProperty("uri").GetString());
        var created = DateTimeOffset.ParseExact(json.GetProperty("date_created").GetString()!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.True(response.Headers.Contains("Twilio-Request-Id"));
        Assert.Equal(sid, Assert.Single(_fake.Messages).Sid);
    }

    [Fact]
    public async Task A_messaging_service_message_is_accepted_without_a_from()
    {
        var (status, json, _) = await PostAsync(Form(from: null, service: "MG00000000000000000000000000000002"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("accepted", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("from").ValueKind);
        Assert.Equal("MG00000000000000000000000000000002", json.GetProperty("messaging_service_sid").GetString());
    }

    [Fact]
    public async Task Long_unicode_bodies_count_ucs2_segments()
    {
        var (_, json, _) = await PostAsync(Form(body: new string('é', 10) + new string('✓', 61)));

        Assert.Equal("2", json.GetProperty("num_segments").GetString());
    }

    [Theory]
    [InlineData(null, "not-the-token")]
    [InlineData("AC00000000000000000000000000000009", null)]
    public async Task Wrong_credentials_get_401_and_20003(string? user, string? password)
    {
        var (status, json, response) = await PostAsync(Form(), user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(json, 20003, 401);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(_fake.Messages);
        Assert.Equal(401, Assert.Single(_fake.Attempts).StatusCode);
    }

    [Fact]
    public async Task No_credentials_get_401()
    {
        var response = await _http.PostAsync(MessagesPath, new FormUrlEncodedContent(Form()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Another_account_in_the_path_is_not_found()
    {
        var (status, json, _) = await PostAsync(Form(), path: "/2010-04-01/Accounts/AC00000000000000000000000000000009/Messages.json");

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(json, 20404, 404);
    }

    [Theory]
    [InlineData(null, "+15017122661", "Hi", null, 21604)]
    [InlineData("5558675310", "+15017122661", "Hi", null, 21211)]
    [InlineData("+15558675310", "+15017122661", null, null, 21602)]
    [InlineData("+15558675310", "+15017122661", "", null, 21602)]
    [InlineData("+15558675310", null, "Hi", null, 21603)]
    [InlineData("+15558675310", "+15017122661", "Hi", "MG00000000000000000000000000000002", 21603)]
    [InlineData("+15558675310", "not a number!", "Hi", null, 21212)]
    [InlineData("+15558675310", null, "Hi", "MGnope", 21701)]
    public async Task Invalid_requests_get_400_with_twilio_codes(string? to, string? from, string? body, string? service, int code)
    {
        var (status, json, _) = await PostAsync(Form(to, from, body, service));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(json, code, 400);
        Assert.Empty(_fake.Messages);
    }

    [Fact]
    public async Task Bodies_over_1600_characters_get_21617()
    {
        var (ok, _, _) = await PostAsync(Form(body: new string('a', 1600)));
        var (status, json, _) = await PostAsync(Form(body: new string('a', 1601)));

        Assert.Equal(HttpStatusCode.Created, ok);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(json, 21617, 400);
    }

    [Fact]
    public async Task FailNext_answers_the_given_status_then_recovers()
    {
        _fake.FailNext(2, 429, 20429, TimeSpan.FromMilliseconds(1500));

        var first = await PostAsync(Form());
        var second = await PostAsync(Form());
        var third = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        AssertError(first.Json, 20429, 429);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Response.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal(HttpStatusCode.Created, third.Status);
        Assert.Equal([429, 429, 201], _fake.Attempts.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task FailNext_without_a_code_sends_html()
    {
        _fake.FailNext(1, 502);

        var (status, _, response) = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RejectNumber_refuses_only_that_number()
    {
        _fake.RejectNumber("+15558675310", 21610);

        var rejected = await PostAsync(Form(to: "+15558675310"));
        var other = await PostAsync(Form(to: "+15558675311"));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        AssertError(rejected.Json, 21610, 400);
        Assert.Equal(HttpStatusCode.Created, other.Status);
    }

    [Fact]
    public async Task WaitForMessage_completes_when_a_match_arrives_later()
    {
        var waiting = _fake.WaitForMessageAsync(m => m.Body == "second", TimeSpan.FromSeconds(10));
        await PostAsync(Form(body: "first"));
        Assert.False(waiting.IsCompleted);

        await PostAsync(Form(body: "second"));

        Assert.Equal("second", (await waiting).Body);
    }

    [Fact]
    public async Task WaitForMessage_returns_a_message_that_already_arrived()
    {
        await PostAsync(Form(body: "early"));

        var message = await _fake.WaitForMessageAsync(m => m.Body == "early", TimeSpan.FromSeconds(1));

        Assert.Equal("early", message.Body);
    }

    [Fact]
    public async Task WaitForMessage_times_out_listing_what_arrived()
    {
        await PostAsync(Form(body: "something else"));
        _fake.RejectNumber("+15558675399", 21610);
        await PostAsync(Form(to: "+15558675399", body: "refused"));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => _fake.WaitForMessageAsync(m => m.Body == "never", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("something else", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 (21610)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_holds_the_answer()
    {
        _fake.Delay(TimeSpan.FromMilliseconds(400));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var delayed = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.Created, delayed.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Delay_with_a_count_applies_to_that_many_requests()
    {
        // The fake's clock records what it was asked to wait (and fires at once): no wall-clock assertions.
        var time = new RecordingTimeProvider();
        await using var fake = await FakeTwilioServer.StartAsync(time: time);
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };
        fake.Delay(TimeSpan.FromSeconds(30), count: 2);

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, MessagesPath) { Content = new FormUrlEncodedContent(Form()) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fake.AccountSid}:{fake.AuthToken}")));
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(request)).StatusCode);
        }

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], time.RequestedDelays);
        Assert.Equal(3, fake.Messages.Count);
    }

    [Fact]
    public async Task HoldBeforeAccepting_takes_nothing_until_released()
    {
        var held = _fake.HoldBeforeAccepting(m => m.To == "+15558675310");

        var posting = PostAsync(Form());
        var arrived = await held.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("+15558675310", 0), (arrived.To, arrived.StatusCode));
        Assert.Empty(_fake.Messages);
        Assert.False(posting.IsCompleted);
        _fake.ReleaseHeld();
        Assert.Equal(HttpStatusCode.Created, (await posting).Status);
        Assert.Single(_fake.Messages);
    }

    [Fact]
    public async Task HoldAfterAccepting_answers_once_released()
    {
        var held = _fake.HoldAfterAccepting(m => m.To == "+15558675310");

        var posting = PostAsync(Form());
        var accepted = await held.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(accepted.Sid, Assert.Single(_fake.Messages).Sid);
        _fake.ReleaseHeld();
        var (status, json, _) = await posting;
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(accepted.Sid, json.GetProperty("sid").GetString());
    }

    /// <summary>Field sets against Twilio's published Message resource and error envelope (shared fixtures, read at run time).</summary>
    [Fact]
    public async Task Json_shapes_match_the_published_samples_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("twilio");
        if (dir is null || !File.Exists(Path.Combine(dir, "messages-create-response.json")) || !File.Exists(Path.Combine(dir, "error-21610.json")))
        {
            Report(SharedFixtures.AbsentMessage("twilio/messages-create-response.json"));
            return;
        }

        using var published = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "messages-create-response.json")));
        using var publishedError = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "error-21610.json")));
        var (_, created, _) = await PostAsync(Form());
        _fake.RejectNumber("+15558675311", 21610);
        var (_, error, _) = await PostAsync(Form(to: "+15558675311"));

        Assert.Equal(Keys(published.RootElement), Keys(created));
        Assert.Equal(Keys(published.RootElement.GetProperty("subresource_uris")), Keys(created.GetProperty("subresource_uris")));
        foreach (var field in published.RootElement.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.String && created.GetProperty(f.Name).ValueKind == JsonValueKind.String))
        {
            Assert.True(field.Value.ValueKind == created.GetProperty(field.Name).ValueKind, field.Name);
        }

        var date = published.RootElement.GetProperty("date_created").GetString()!;
        Assert.Equal(date.Length, created.GetProperty("date_created").GetString()!.Length);
        Assert.Equal(Keys(publishedError.RootElement), Keys(error));
        Assert.Equal(publishedError.RootElement.GetProperty("message").GetString(), error.GetProperty("message").GetString());
        Report("the fake's Message resource and error envelope have the published field sets");
    }

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private static void AssertError(JsonElement json, int code, int status)
    {
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", json.GetProperty("more_info").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    private void Report(string message)
    {
        output.WriteLine(message);
        Console.WriteLine(message);
    }
}

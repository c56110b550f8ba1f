using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole;

/// <summary>
/// A browser as far as HTTP goes: its own cookie (not the fixture's shared client), redirects not followed so tests
/// see them, and the console script's headers on commands unless a test leaves them out.
/// </summary>
public sealed class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<IReadOnlyList<(string Sid, string To, string Body)>>? _texts;

    public ConsoleClient(PipelineFixture runtime)
        : this(runtime.Client.BaseAddress!, TextsOf(runtime.Twilio))
    {
    }

    /// <summary>A browser on any runtime, by its base address; <paramref name="texts"/> is the phones' stand-in its sign-in codes are read from.</summary>
    public ConsoleClient(Uri baseAddress, Func<IReadOnlyList<(string Sid, string To, string Body)>>? texts = null)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        _texts = texts;
    }

    /// <summary>The texts a fake Twilio accepted: where a runtime with one sends its sign-in codes.</summary>
    public static Func<IReadOnlyList<(string Sid, string To, string Body)>> TextsOf(IncidentFunctions.Testing.FakeTwilioServer twilio) =>
        () => twilio.Messages.Select(m => (m.Sid ?? "", m.To, m.Body)).ToList();

    /// <summary>The session cookie as "name=value", once signed in.</summary>
    public string? Cookie { get; set; }

    /// <summary>A browser signed in as <paramref name="who"/> the way a person does it: a code asked for, read from the outbox, entered.</summary>
    public static Task<ConsoleClient> SignedInAsync(PipelineFixture runtime, string who = "Alice") =>
        SignedInAsync(runtime.Client.BaseAddress!, TextsOf(runtime.Twilio), who);

    public static async Task<ConsoleClient> SignedInAsync(Uri baseAddress, Func<IReadOnlyList<(string Sid, string To, string Body)>> texts, string who = "Alice")
    {
        var client = new ConsoleClient(baseAddress, texts);
        var code = await client.AskForCodeAsync(who);
        using var response = await client.EnterCodeAsync(who, code);
        Assert.True(client.Cookie is not null, $"signing in as {who} set no session cookie: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Asks for <paramref name="who"/>'s code and reads it from the texts sent (the phone's stand-in).</summary>
    public async Task<string> AskForCodeAsync(string who)
    {
        var before = SignInCodes();
        using var asked = await PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = who });
        Assert.True(asked.StatusCode == System.Net.HttpStatusCode.OK, $"asking for {who}'s code: {(int)asked.StatusCode} {await asked.Content.ReadAsStringAsync()}");
        // The code is sent before the page answers: it is in the outbox now, or it was never sent.
        var sent = SignInCodes().Except(before).ToList();
        Assert.True(sent.Count == 1, $"expected one new sign-in code in the outbox for {who}, found {sent.Count}");
        return sent[0].Code;
    }

    public Task<HttpResponseMessage> EnterCodeAsync(string who, string code, string? next = null, IDictionary<string, string>? headers = null)
    {
        var form = new Dictionary<string, string> { ["who"] = who, ["code"] = code };
        if (next is not null)
        {
            form["next"] = next;
        }

        return PostFormAsync("console/login/code", form, headers);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> form, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        AddCookie(request);
        var response = await _http.SendAsync(request);
        if (SessionCookie(response) is { } cookie)
        {
            Cookie = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        }

        return response;
    }

    /// <summary>Every sign-in code texted so far, with the message it came in.</summary>
    public IReadOnlyList<(string Sid, string To, string Code)> SignInCodes() =>
        (_texts ?? throw new InvalidOperationException("this browser was made without a place to read texts from"))()
            .Select(m => (m.Sid, m.To, Match: System.Text.RegularExpressions.Regex.Match(m.Body, @"sign-in code: (\d{6})")))
            .Where(m => m.Match.Success)
            .Select(m => (m.Sid, m.To, m.Match.Groups[1].Value))
            .ToList();

    public static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("incident_console=", StringComparison.Ordinal)) : null;

    public async Task<(HttpResponseMessage Response, string Body)> GetPageAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        AddCookie(request);
        var response = await _http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async Task<Reply> ApiAsync(HttpMethod method, string path, string? json = null, bool consoleHeader = true, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, "console/api/" + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (consoleHeader)
        {
            request.Headers.Add("X-Console", "1");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        AddCookie(request);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var parsed = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        return new Reply(response.StatusCode, text, parsed, response.Content.Headers.ContentType, response.Headers);
    }

    public Task<Reply> PostAsync(string path, string json) => ApiAsync(HttpMethod.Post, path, json);

    public void Dispose() => _http.Dispose();

    private void AddCookie(HttpRequestMessage request)
    {
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }
    }
}

public static class ConsoleIncidents
{
    /// <summary>A fresh incident on the "manual" service (slow escalation, no auto-resolve), by a generic alert.</summary>
    public static async Task<long> OpenAsync(PipelineDriver driver, string title)
    {
        var reply = await driver.PostAlertAsync("generic", "e2e-manual", Payloads.Generic(title, Payloads.Unique("console")));
        return Payloads.IncidentId(reply);
    }

    public static MediaTypeHeaderValue? Type(HttpResponseMessage response) => response.Content.Headers.ContentType;
}

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

    public ConsoleClient(PipelineFixture runtime)
        : this(runtime.Client.BaseAddress!)
    {
    }

    /// <summary>A browser on any runtime, by its base address.</summary>
    public ConsoleClient(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
    }

    /// <summary>The session cookie as "name=value", once signed in.</summary>
    public string? Cookie { get; set; }

    public static Task<ConsoleClient> SignedInAsync(PipelineFixture runtime) => SignedInAsync(runtime.Client.BaseAddress!, PipelineFixture.AdminKey);

    public static async Task<ConsoleClient> SignedInAsync(Uri baseAddress, string adminKey)
    {
        var client = new ConsoleClient(baseAddress);
        using var response = await client.LogInAsync(adminKey);
        Assert.NotNull(client.Cookie);
        return client;
    }

    public async Task<HttpResponseMessage> LogInAsync(string key, string? next = null, IDictionary<string, string>? headers = null)
    {
        var form = new Dictionary<string, string> { ["key"] = key };
        if (next is not null)
        {
            form["next"] = next;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "console/login") { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _http.SendAsync(request);
        if (SessionCookie(response) is { } cookie)
        {
            Cookie = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        }

        return response;
    }

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

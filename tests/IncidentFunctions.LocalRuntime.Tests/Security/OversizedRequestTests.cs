using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// Oversized requests are refused by the server or the handler (413, 414, 431, 400 or 415), never a 5xx, and the
/// runtime keeps answering. (BadInputTests covers an alert body over 512 KB, chunked or not.)
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class OversizedRequestTests(FuzzFixture runtime)
{
    private readonly FuzzHttp _http = new(runtime);

    public static TheoryData<string, int> OversizedHeaders => new()
    {
        // Kestrel's defaults: 32 KB of headers in all, 8 KB of request line.
        { "one header of 40 KB", 40 * 1024 },
        { "an integration key of 40 KB", 40 * 1024 },
        { "a query string of 16 KB", 16 * 1024 },
    };

    [Theory]
    [MemberData(nameof(OversizedHeaders))]
    public async Task Oversized_headers_and_request_lines_get_414_or_431_never_a_5xx(string what, int size)
    {
        var filler = new string('k', size);
        using var request = what switch
        {
            "one header of 40 KB" => new HttpRequestMessage(HttpMethod.Get, "api/incidents") { Headers = { { "X-Filler", filler } } },
            "an integration key of 40 KB" => new HttpRequestMessage(HttpMethod.Post, "api/alerts/generic")
            {
                Headers = { { "X-Integration-Key", filler } },
                Content = new StringContent(Payloads.Generic("x", "k"), Encoding.UTF8, "application/json"),
            },
            _ => new HttpRequestMessage(HttpMethod.Post, "api/alerts/generic?key=" + filler) { Content = new StringContent(Payloads.Generic("x", "k"), Encoding.UTF8, "application/json") },
        };
        request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);

        var reply = await _http.SendAsync(request);

        Assert.True(reply.Status is HttpStatusCode.RequestHeaderFieldsTooLarge or HttpStatusCode.RequestUriTooLong or HttpStatusCode.BadRequest, $"{what}: {reply}");
        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Oversized_command_console_and_SMS_bodies_are_refused_before_they_are_read_whole()
    {
        var id = await _http.OpenIncidentAsync("Oversized bodies");
        var before = await _http.SnapshotAsync(id);
        var huge = "{\"text\": \"" + new string('x', 200 * 1024) + "\"}";

        // A command over 64 KB, chunked (no Content-Length to go by).
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"api/incidents/{id}/notes") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _http.SendAsync(chunked)).Status);

        // The console's sign-in form with a megabyte of key.
        using var login = new HttpRequestMessage(HttpMethod.Post, "console/login") { Content = new FormUrlEncodedContent([new("key", new string('k', 1024 * 1024))]) };
        var loginReply = await _http.SendAsync(login);
        Assert.True((int)loginReply.Status is >= 300 and < 500, $"console sign-in: {loginReply}");

        // An SMS webhook over 512 KB, chunked and correctly signed: refused by size before the signature is even checked.
        var url = new Uri(runtime.Client.BaseAddress!, "api/sms/inbound").ToString();
        var form = TwilioSignature.InboundSmsForm(PipelineFixture.Alice, PipelineFixture.FromNumber, $"{id}n " + new string('x', 600 * 1024));
        var signature = TwilioSignature.Compute(url, form, runtime.Twilio.AuthToken);
        var bytes = await new FormUrlEncodedContent(form).ReadAsByteArrayAsync();
        using var sms = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new MemoryStream(bytes)) };
        sms.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        sms.Headers.TransferEncodingChunked = true;
        sms.Headers.TryAddWithoutValidation(TwilioSignature.Header, signature);
        var smsReply = await _http.SendAsync(sms);
        Assert.True(smsReply.Status == HttpStatusCode.RequestEntityTooLarge, $"chunked SMS webhook over 512 KB: {smsReply}");

        // Multipart is not what Twilio sends, and is not parsed.
        using var multipart = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { new StringContent(PipelineFixture.Alice), "From" }, { new StringContent($"{id}a"), "Body" } } };
        multipart.Headers.TryAddWithoutValidation(TwilioSignature.Header, signature);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _http.SendAsync(multipart)).Status);

        Assert.Equal(before, await _http.SnapshotAsync(id));
        await _http.AssertHealthyAsync();
    }
}

using System.Text;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Http.Slack;
using IncidentFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>The shared reader of Slack's requests on its own: Slack off, a body over the limit, a signature checked against the clock given.</summary>
public sealed class SlackRequestReaderTests
{
    private const string Secret = "reader-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, Secret)]
    [InlineData("xoxb-token", null)]
    [InlineData("xoxb-token", " ")]
    public async Task With_Slack_off_every_request_is_404_saying_what_to_set(string? token, string? secret)
    {
        var (_, refused) = await Reader(token, secret).ReadSignedAsync(Request("{}", Now), "events", default);

        var (status, body) = await RunAsync(refused!);
        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.Contains("Slack:BotToken and Slack:SigningSecret", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_its_signature_is_computed()
    {
        var (_, refused) = await Reader().ReadSignedAsync(Request(new string('x', SlackRequestReader.MaxBodyBytes + 1), Now), "events", default);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, (await RunAsync(refused!)).Status);
    }

    [Fact]
    public async Task The_signature_is_checked_against_the_clock_the_app_runs_on()
    {
        var signedNow = Request("""{"type":"url_verification"}""", Now);
        var (body, refused) = await Reader().ReadSignedAsync(signedNow, "events", default);
        Assert.Null(refused);
        Assert.Equal("""{"type":"url_verification"}""", Encoding.UTF8.GetString(body));

        var (_, late) = await Reader().ReadSignedAsync(Request("{}", Now.AddMinutes(-5).AddSeconds(-1)), "events", default);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await RunAsync(late!)).Status);
    }

    private static SlackRequestReader Reader(string? token = "xoxb-token", string? secret = Secret) =>
        new(Options.Create(new SlackOptions { BotToken = token, SigningSecret = secret }), new FixedTime(Now), NullLogger<SlackRequestReader>.Instance);

    private static HttpRequest Request(string body, DateTimeOffset signedAt)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(bytes);
        var timestamp = SlackRequestSigner.Timestamp(signedAt);
        context.Request.Headers[SlackRequestSigner.TimestampHeader] = timestamp;
        context.Request.Headers[SlackRequestSigner.SignatureHeader] = SlackRequestSigner.Sign(bytes, timestamp, Secret);
        return context.Request;
    }

    private static async Task<(int Status, string Body)> RunAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Testing;
using static IncidentFunctions.Application.Tests.Http.Slack.SlackInboundFixture;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>
/// Every Slack endpoint believes only what Slack signed: no signature, another secret's, a stale one (replayed later) or
/// a body changed after signing is refused with 401, and nothing in it is acted on.
/// </summary>
[Collection(SlackInboundCollection.Name)]
public sealed class SlackSignatureCheckTests(SlackInboundFixture slack)
{
    public static TheoryData<Signing, string> Forgeries => new()
    {
        { Signing.None, SlackRequestSigner.SignatureHeader },
        { Signing.WrongSecret, SlackRequestSigner.SignatureHeader },
        { Signing.Stale, SlackRequestSigner.TimestampHeader },
        { Signing.Tampered, SlackRequestSigner.SignatureHeader },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_request_Slack_did_not_sign_is_refused_on_every_endpoint_and_nothing_is_done(Signing signing, string field)
    {
        var (id, channel) = await slack.OpenIncidentAsync("Forged " + signing);
        var ts = await slack.PostMessageAsync(channel, "x");
        var before = await slack.SnapshotAsync(id);
        var calls = slack.Slack.Calls.Count;
        var number = id.ToString(CultureInfo.InvariantCulture);

        var replies = new[]
        {
            await slack.CommandAsync(Alice, channel, "ack", signing),
            await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.TakeLead, number), signing),
            await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.PostUpdate, number), signing),
            await slack.EventAsync(SlackRequests.EventCallback("EvForged" + signing, SlackRequests.Message(channel, Alice, "forged", ts)), signing),
            await slack.EventAsync(SlackRequests.UrlVerification("challenge"), signing),
        };

        Assert.All(replies, r => Assert.Equal((HttpStatusCode.Unauthorized, field), (r.Status, r.ProblemField)));
        Assert.Equal(before, await slack.SnapshotAsync(id));
        Assert.Equal(calls, slack.Slack.Calls.Count);

        // The same event properly signed is acted on: it was not taken by the forged one.
        await slack.EventAsync(SlackRequests.EventCallback("EvForged" + signing, SlackRequests.Message(channel, Alice, "genuine", ts)));
        Assert.Single(Timeline(await slack.IncidentAsync(id)), e => e.Kind == "chatMessage" && e.Summary == "genuine");
    }

    [Fact]
    public async Task A_signed_body_of_the_wrong_media_type_is_refused()
    {
        var json = await slack.SendAsync(SlackRequests.CommandsPath, SlackRequests.Json(new JsonObject { ["text"] = "ack" }));
        var form = await slack.SendAsync(SlackRequests.EventsPath, SlackRequests.Form([new("type", "url_verification")]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.Status);
    }
}

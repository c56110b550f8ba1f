using System.Text;
using System.Text.Json.Nodes;

namespace IncidentFunctions.Testing;

/// <summary>
/// What Slack sends to the app, shaped from Slack's documentation (not from src/): the slash command's form, the
/// interactivity form (its JSON in "payload": a button press, a form submission) and the Events API's JSON (the URL
/// check, message and reaction events), each signed by <see cref="SlackRequestSigner"/> when asked.
/// </summary>
public static class SlackRequests
{
    public const string CommandsPath = "api/slack/commands";
    public const string InteractivityPath = "api/slack/interactivity";
    public const string EventsPath = "api/slack/events";

    public const string TeamId = "T0FAKETEAM";
    public const string TriggerId = "13345224609.738474920.8088930838d88f008e0";

    /// <summary>A slash command as Slack posts it (application/x-www-form-urlencoded).</summary>
    public static List<KeyValuePair<string, string>> CommandForm(string user, string channel, string text, string command = "/incident") =>
    [
        new("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
        new("team_id", TeamId),
        new("team_domain", "fake-workspace"),
        new("channel_id", channel),
        new("channel_name", "inc-channel"),
        new("user_id", user),
        new("user_name", "someone"),
        new("command", command),
        new("text", text),
        new("api_app_id", "A0FAKEAPP"),
        new("response_url", "https://hooks.slack.com/commands/T0FAKETEAM/1/abc"),
        new("trigger_id", TriggerId),
    ];

    /// <summary>The interactivity form: Slack's JSON, URL-encoded in the one field "payload".</summary>
    public static List<KeyValuePair<string, string>> PayloadForm(JsonNode payload) => [new("payload", payload.ToJsonString())];

    /// <summary>A press of a button whose value is <paramref name="value"/>, on a message in <paramref name="channel"/>.</summary>
    public static JsonObject Button(string user, string channel, string actionId, string value, string? triggerId = TriggerId)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "someone", ["team_id"] = TeamId },
            ["api_app_id"] = "A0FAKEAPP",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "fake-workspace" },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1765000000.000100", ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "inc-channel" },
            ["response_url"] = "https://hooks.slack.com/actions/T0FAKETEAM/1/abc",
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = actionId,
                ["block_id"] = "incident-actions",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "A button" },
                ["value"] = value,
                ["action_ts"] = "1765000001.000200",
            }),
        };
        if (triggerId is not null)
        {
            payload["trigger_id"] = triggerId;
        }

        return payload;
    }

    /// <summary>A modal submitted: its callback_id, private_metadata and inputs (block id → action id → value).</summary>
    public static JsonObject Submission(string user, string callbackId, string privateMetadata, JsonObject values) => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "someone", ["team_id"] = TeamId },
        ["api_app_id"] = "A0FAKEAPP",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "fake-workspace" },
        ["trigger_id"] = TriggerId,
        ["view"] = new JsonObject
        {
            ["id"] = "V00000001",
            ["type"] = "modal",
            ["callback_id"] = callbackId,
            ["private_metadata"] = privateMetadata,
            ["state"] = new JsonObject { ["values"] = values },
        },
    };

    /// <summary>A text input's state: {"value": {"type": "plain_text_input", "value": …}} under its block id.</summary>
    public static JsonObject TextInput(string? value, string actionId = "value") =>
        new() { [actionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = value } };

    /// <summary>A select's state with the chosen option.</summary>
    public static JsonObject Selected(string value, string actionId = "value") =>
        new() { [actionId] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };

    /// <summary>A checkbox group's state with the ticked options.</summary>
    public static JsonObject Ticked(string[] values, string actionId = "value") => new()
    {
        [actionId] = new JsonObject
        {
            ["type"] = "checkboxes",
            ["selected_options"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["value"] = v })]),
        },
    };

    public static JsonObject UrlVerification(string challenge) =>
        new() { ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl", ["challenge"] = challenge, ["type"] = "url_verification" };

    /// <summary>The Events API's envelope around <paramref name="event"/>.</summary>
    public static JsonObject EventCallback(string eventId, JsonObject @event) => new()
    {
        ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl",
        ["team_id"] = TeamId,
        ["api_app_id"] = "A0FAKEAPP",
        ["event"] = @event,
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1765000000,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = TeamId, ["user_id"] = "U0FAKEBOT01", ["is_bot"] = true }),
    };

    /// <summary>A person's message in a channel (Slack escapes '&amp;', '&lt;' and '&gt;' in <paramref name="text"/> itself).</summary>
    public static JsonObject Message(string channel, string user, string text, string ts) => new()
    {
        ["type"] = "message",
        ["channel"] = channel,
        ["user"] = user,
        ["text"] = text,
        ["ts"] = ts,
        ["event_ts"] = ts,
        ["channel_type"] = "channel",
    };

    public static JsonObject Reaction(string user, string reaction, string channel, string ts, string eventTs = "1765000999.000100") => new()
    {
        ["type"] = "reaction_added",
        ["user"] = user,
        ["reaction"] = reaction,
        ["item_user"] = "U0000ALICE",
        ["item"] = new JsonObject { ["type"] = "message", ["channel"] = channel, ["ts"] = ts },
        ["event_ts"] = eventTs,
    };

    public static HttpContent Form(IEnumerable<KeyValuePair<string, string>> fields) => new FormUrlEncodedContent(fields);

    public static HttpContent Json(JsonNode body) => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A POST to <paramref name="path"/> signed with <paramref name="secret"/> at <paramref name="at"/> (now by default).</summary>
    public static async Task<HttpRequestMessage> SignedAsync(string path, HttpContent content, string secret, DateTimeOffset? at = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        await SlackRequestSigner.SignAsync(request, secret, at ?? DateTimeOffset.UtcNow);
        return request;
    }
}

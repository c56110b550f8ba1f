using System.Text.Json;

namespace IncidentFunctions.Testing;

/// <summary>
/// One request to the fake's Web API and its answer. <see cref="Arguments"/> holds every argument as text: form fields as
/// sent, JSON string properties unquoted, other JSON values (blocks, view, booleans) as their raw JSON.
/// <see cref="StatusCode"/> is 200 for Slack's errors too (as Slack does), 429 when rate limited, 404 for an unknown method.
/// </summary>
public sealed record FakeSlackCall(
    string Method,
    IReadOnlyDictionary<string, string> Arguments,
    string RawBody,
    string? ContentType,
    string? Authorization,
    int StatusCode,
    JsonElement Answer,
    DateTimeOffset ReceivedAt)
{
    public bool Ok => Answer.ValueKind == JsonValueKind.Object && Answer.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;

    /// <summary>Slack's error code, or null when the call succeeded.</summary>
    public string? Error => Answer.ValueKind == JsonValueKind.Object && Answer.TryGetProperty("error", out var e) ? e.GetString() : null;

    public string? Argument(string name) => Arguments.GetValueOrDefault(name);

    public override string ToString() => $"{ReceivedAt:HH:mm:ss.fff} {Method} HTTP {StatusCode} {(Ok ? "ok" : Error)} {RawBody[..Math.Min(RawBody.Length, 60)]}";
}

/// <summary>A snapshot of a channel the fake holds. The bot is always a member (it created the channel).</summary>
public sealed record FakeSlackChannel(
    string Id,
    string Name,
    bool IsPrivate,
    string Topic,
    IReadOnlyList<string> Members,
    bool IsArchived,
    IReadOnlyList<FakeSlackMessage> Messages,
    IReadOnlyList<FakeSlackEphemeral> Ephemerals);

/// <summary>A message as it stands now; <see cref="Updates"/> are the chat.update calls applied to it, oldest first.</summary>
public sealed record FakeSlackMessage(string Ts, string? Text, string? Blocks, IReadOnlyList<FakeSlackUpdate> Updates);

/// <summary>What one chat.update set (Slack keeps the old text or blocks when an update leaves one out).</summary>
public sealed record FakeSlackUpdate(string? Text, string? Blocks);

/// <summary>A chat.postEphemeral: seen only by <see cref="User"/>, so never among the channel's messages.</summary>
public sealed record FakeSlackEphemeral(string User, string? Text, string? Blocks, string MessageTs);

/// <summary>A modal opened with views.open.</summary>
public sealed record FakeSlackView(string Id, string TriggerId, string View);

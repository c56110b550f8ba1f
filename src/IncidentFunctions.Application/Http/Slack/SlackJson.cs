using System.Text.Json;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// Reads Slack's JSON (an interactivity payload, an event) a field at a time, never throwing: a field that is missing,
/// of another type or not text (an escaped lone surrogate) reads as absent, and the handler names it in its 400.
/// </summary>
internal static class SlackJson
{
    /// <summary>Nesting far deeper than any payload Slack sends; deeper is refused, not recursed into.</summary>
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <returns>The document, or why it is not a JSON object.</returns>
    public static (JsonDocument? Document, string? Problem) Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            var doc = JsonDocument.Parse(json, Options);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (doc, null);
            }

            doc.Dispose();
            return (null, "is not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, "is not JSON: " + e.Message);
        }
    }

    public static JsonElement? Object(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static JsonElement? Array(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Array } value ? value : null;

    /// <summary>A string property's text (null when absent, not a string, or not valid text).</summary>
    public static string? Text(JsonElement parent, string name)
    {
        if (Property(parent, name) is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the property is there with any value but null (Slack's bot_id on a bot's message).</summary>
    public static bool Has(JsonElement parent, string name) => Property(parent, name) is { ValueKind: not JsonValueKind.Null };

    private static JsonElement? Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : null;
}

using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

/// <summary>Turns test bodies into the bytes a parser receives, and checks results briefly.</summary>
internal static class AlertJson
{
    public static byte[] Bytes(this JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Utf8(string raw) => Encoding.UTF8.GetBytes(raw);

    public static NormalizedAlert Single(this AlertParseResult result)
    {
        Assert.Null(result.Error);
        return Assert.Single(result.Alerts);
    }

    public static IReadOnlyList<NormalizedAlert> Valid(this AlertParseResult result)
    {
        Assert.Null(result.Error);
        return result.Alerts;
    }

    /// <summary>Asserts the body was refused because of <paramref name="field"/>.</summary>
    public static AlertParseError FailsAt(this AlertParseResult result, string field)
    {
        var error = Assert.IsType<AlertParseError>(result.Error);
        Assert.Equal(field, error.Field);
        Assert.Empty(result.Alerts);
        return error;
    }

    public static JsonObject Edit(this JsonObject node, Action<JsonObject> edit)
    {
        edit(node);
        return node;
    }
}

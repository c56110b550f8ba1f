using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// How every JSON value kept in a table is spelled: records, the post-mortem, tallies, lists, labels, timeline data.
/// Its own options, not the API's, so a change to what the API answers can never change what is stored (and so make
/// stored rows unreadable). Today it writes what the API writes, which is what records were stored with before the
/// two were parted; reading is case-insensitive, so the PascalCase columns written with default options before
/// (tallies, lists, links, labels, timeline data) still read.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Rows are never inlined into HTML. Characters outside the BMP are still escaped, which the post-mortem's
            // chunking relies on (a cut never splits a surrogate pair).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNameCaseInsensitive = true,
        };
        o.Converters.Add(new JsonStringEnumConverter<NoteKind>(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new JsonStringEnumConverter<ActionResult>(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    internal static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentFunctions.Application.Http;

public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        // Relaxed escaping: API bodies are application/json, never inlined into HTML, and "+1555…" should read as written.
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // Written as they are accepted: a note kind "root-cause", an outcome "no-effect" or "made-worse".
        o.Converters.Add(new JsonStringEnumConverter<NoteKind>(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new JsonStringEnumConverter<ActionResult>(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }
}

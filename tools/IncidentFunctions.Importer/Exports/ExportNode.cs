using System.Globalization;
using System.Text.Json;

namespace IncidentFunctions.Importer.Exports;

/// <summary>
/// A value in an export file with the file and JSON path it came from, so that whatever is wrong with it is reported
/// where a person can find it. Fields the importer needs are required; everything else the vendors add is ignored.
/// </summary>
public readonly record struct ExportNode(JsonElement Element, string File, string Path)
{
    public JsonValueKind Kind => Element.ValueKind;

    public ExportFormatException Error(string reason) => new(File, Path, reason);

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public ExportNode? Optional(string name)
    {
        RequireObject();
        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new ExportNode(value, File, $"{Path}.{name}")
            : null;
    }

    public ExportNode Required(string name) =>
        Optional(name) ?? throw new ExportFormatException(File, $"{Path}.{name}", "is required");

    public bool Has(string name) => Optional(name) is not null;

    public string String(string name) => Required(name).AsString();

    public string? OptionalString(string name) => Optional(name)?.AsString();

    /// <summary>A non-blank string or null: vendors send "" for "not set" (Opsgenie's description, teamId).</summary>
    public string? NonBlankString(string name) => OptionalString(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    public int Int(string name) => Required(name).AsInt();

    public int? OptionalInt(string name) => Optional(name)?.AsInt();

    public bool? OptionalBool(string name)
    {
        if (Optional(name) is not { } value)
        {
            return null;
        }

        return value.Kind is JsonValueKind.True or JsonValueKind.False
            ? value.Element.GetBoolean()
            : throw value.Error($"must be true or false, not {Describe(value.Element)}");
    }

    /// <summary>A date-time with an offset, as both vendors write them ("2015-11-06T20:00:00-05:00", "2021-11-07T07:00:00Z").</summary>
    public DateTimeOffset Instant(string name)
    {
        var node = Required(name);
        var text = node.AsString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw node.Error($"'{text}' is not a date-time like \"2026-01-05T09:00:00Z\"");
    }

    public DateTimeOffset? OptionalInstant(string name) => Has(name) ? Instant(name) : null;

    /// <summary>The items of an array property; an absent or null property is an empty list.</summary>
    public IEnumerable<ExportNode> Items(string name) => Optional(name)?.Items() ?? [];

    public IEnumerable<ExportNode> Items()
    {
        if (Kind != JsonValueKind.Array)
        {
            throw Error($"must be an array, not {Describe(Element)}");
        }

        var file = File;
        var path = Path;
        return Element.EnumerateArray().Select((item, index) => new ExportNode(item, file, $"{path}[{index}]")).ToList();
    }

    public string AsString() =>
        Kind == JsonValueKind.String ? Element.GetString()! : throw Error($"must be a string, not {Describe(Element)}");

    public int AsInt() =>
        Kind == JsonValueKind.Number && Element.TryGetInt32(out var number)
            ? number
            : throw Error(Kind == JsonValueKind.Number ? $"must be a whole number, not {Element.GetRawText()}" : $"must be a whole number, not {Describe(Element)}");

    public void RequireObject()
    {
        if (Kind != JsonValueKind.Object)
        {
            throw Error($"must be an object, not {Describe(Element)}");
        }
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

using System.Globalization;
using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Readers over <see cref="JsonElement"/> shared by the parsers. Strict readers throw
/// <see cref="AlertFieldException"/> naming the JSON path; <see cref="AlertParsers.Run{T}"/> turns that into a result.
/// </summary>
internal static class Json
{
    public static string Path(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Path(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The property, or null when it is absent or JSON null (senders use both for "not set").</summary>
    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? OptionalString(JsonElement obj, string name, string path)
    {
        var field = Path(path, name);
        return Get(obj, name) is { } value ? Text(value, field) : null;
    }

    /// <summary>A string property, trimmed; null when absent, null or blank.</summary>
    public static string? OptionalText(JsonElement obj, string name, string path) => NonBlank(OptionalString(obj, name, path));

    /// <summary>A string that is present and not blank; returned trimmed.</summary>
    public static string RequiredString(JsonElement obj, string name, string path)
    {
        var text = OptionalString(obj, name, path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AlertFieldException(Path(path, name), text is null ? "is required" : "must not be empty");
        }

        return text.Trim();
    }

    public static JsonElement? OptionalObject(JsonElement obj, string name, string path) =>
        Get(obj, name) is { } value ? Expect(value, JsonValueKind.Object, Path(path, name)) : null;

    public static JsonElement RequiredObject(JsonElement obj, string name, string path) =>
        OptionalObject(obj, name, path) ?? throw new AlertFieldException(Path(path, name), "is required (an object)");

    public static JsonElement? OptionalArray(JsonElement obj, string name, string path) =>
        Get(obj, name) is { } value ? Expect(value, JsonValueKind.Array, Path(path, name)) : null;

    public static JsonElement RequiredArray(JsonElement obj, string name, string path) =>
        OptionalArray(obj, name, path) ?? throw new AlertFieldException(Path(path, name), "is required (an array)");

    public static JsonElement Expect(JsonElement value, JsonValueKind kind, string field) =>
        value.ValueKind == kind ? value : throw WrongType(field, Describe(kind), value);

    /// <summary>The string value of <paramref name="value"/>, which must be a JSON string.</summary>
    public static string Text(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(field, "a string", value);
        }

        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: the parser accepted the token but it has no .NET string.
            throw new AlertFieldException(field, "is not valid Unicode text");
        }
    }

    /// <summary>
    /// Tolerant read for formats whose senders template values freely: strings, numbers (exact source text,
    /// so ids beyond 2^53 survive) and booleans become text; blank strings, objects and arrays count as absent.
    /// </summary>
    public static string? Scalar(JsonElement? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        var text = v.ValueKind switch
        {
            JsonValueKind.String => TryText(v),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public static string? Scalar(JsonElement obj, string name) => Scalar(Get(obj, name));

    /// <summary>An object whose every value must be a string, e.g. Alertmanager labels.</summary>
    public static Dictionary<string, string> StringMap(JsonElement? obj, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is not { } o)
        {
            return map;
        }

        foreach (var property in Expect(o, JsonValueKind.Object, field).EnumerateObject())
        {
            var path = Path(field, property.Name);
            map[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? "" : Text(property.Value, path);
        }

        return map;
    }

    /// <summary>Scalar entries of an object as text; nested values are kept as compact JSON.</summary>
    public static Dictionary<string, string> ScalarMap(JsonElement? obj)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is not { ValueKind: JsonValueKind.Object } o)
        {
            return map;
        }

        foreach (var property in o.EnumerateObject())
        {
            var text = property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? property.Value.GetRawText()
                : Scalar(property.Value);
            if (text is not null)
            {
                map[property.Name] = text;
            }
        }

        return map;
    }

    public static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Sets a label only when there is a value, so absent fields do not become empty labels.</summary>
    public static void Put(Dictionary<string, string> labels, string key, string? value)
    {
        if (value is not null)
        {
            labels[key] = value;
        }
    }

    /// <summary>The items of an array, each required to be an object, with its JSON path.</summary>
    public static IEnumerable<(JsonElement Item, string Path)> Objects(JsonElement array, string path)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = Path(path, index++);
            yield return (Expect(item, JsonValueKind.Object, itemPath), itemPath);
        }
    }

    public static AlertFieldException WrongType(string field, string expected, JsonElement actual) =>
        new(field, $"must be {expected}, not {Describe(actual.ValueKind)}");

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string? TryText(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>
/// Bad input is the normal case for a webhook parser; throwing from deep inside a reader and catching once in
/// <see cref="AlertParsers.Run{T}"/> keeps every parser a straight mapping instead of error plumbing at each read.
/// </summary>
internal sealed class AlertFieldException(string field, string problem) : Exception(problem)
{
    public string Field { get; } = field;
}

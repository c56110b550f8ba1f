using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// Reads a small JSON command body field by field. The first problem is kept with the field it concerns, so the
/// handler reads everything, then answers with one problem naming that field, before anything is written.
/// </summary>
public sealed class JsonFields : IDisposable
{
    public const int MaxBodyBytes = 64 * 1024;

    private readonly JsonDocument _doc;

    private JsonFields(JsonDocument doc) => _doc = doc;

    public IResult? Error { get; private set; }

    private JsonElement Root => _doc.RootElement;

    public static async Task<(JsonFields? Fields, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, ct);
        if (body is null)
        {
            return (null, Problems.TooLarge(MaxBodyBytes));
        }

        try
        {
            var doc = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                return (null, Problems.BadRequest("$", "the body must be a JSON object"));
            }

            if (FirstInvalidText(doc.RootElement, "") is { } field)
            {
                doc.Dispose();
                return (null, Problems.BadRequest(field, $"'{field}' is not valid UTF-8 text"));
            }

            return (new JsonFields(doc), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest("$", "body is not valid JSON: " + e.Message));
        }
    }

    /// <summary>
    /// The path of the first string or property name that has no .NET string (invalid UTF-8, or an escaped lone
    /// surrogate), or null. JsonDocument.Parse accepts those and only GetString throws, which every reader below (and
    /// the deserializer behind <see cref="Raw"/>) would otherwise meet as an exception: checked once, up front.
    /// </summary>
    private static string? FirstInvalidText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : (path.Length == 0 ? "$" : path);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path.Length == 0 ? "$" : path;
                    }

                    if (FirstInvalidText(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstInvalidText(item, $"{(path.Length == 0 ? "$" : path)}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public bool Has(string name) => Root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required, int maxLength = 4000)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? Fail<string>(name, "is required") : null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            return Fail<string>(name, "must be a string");
        }

        var s = v.GetString()!.Trim();
        if (required && s.Length == 0)
        {
            return Fail<string>(name, "must not be empty");
        }

        return s.Length > maxLength ? Fail<string>(name, $"must be at most {maxLength} characters") : s;
    }

    public bool? Bool(string name, bool required)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? FailValue<bool>(name, "is required (true or false)") : null;
        }

        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : FailValue<bool>(name, "must be true or false");
    }

    public int? Int(string name, int min, int max)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max
            ? n
            : FailValue<int>(name, $"must be a whole number from {min} to {max}");
    }

    public DateTimeOffset? Time(string name)
    {
        var s = String(name, required: false, maxLength: 64);
        if (s is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : FailValue<DateTimeOffset>(name, "must be an ISO 8601 time such as 2026-11-24T15:30:00Z");
    }

    public IReadOnlyList<string>? Strings(string name, bool required, int maxItems = 50, int maxLength = 200)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? Fail<IReadOnlyList<string>>(name, "is required") : null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > maxItems)
        {
            return Fail<IReadOnlyList<string>>(name, $"must be an array of at most {maxItems} strings");
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim().Length is 0 || item.GetString()!.Length > maxLength)
            {
                return Fail<IReadOnlyList<string>>($"{name}[{i}]", $"must be a non-empty string of at most {maxLength} characters");
            }

            list.Add(item.GetString()!.Trim());
            i++;
        }

        return required && list.Count == 0 ? Fail<IReadOnlyList<string>>(name, "must not be empty") : list;
    }

    /// <summary>A problem found by the handler itself (an unknown responder name…), kept if it is the first.</summary>
    public void Reject(string field, string detail) => Error ??= Problems.BadRequest(field, detail);

    /// <summary>A field the caller may not send as they are (a name that is not theirs): 403 naming it, not 400.</summary>
    public void Refuse(string field, string detail) => Error ??= Problems.Forbidden(detail, field);

    public JsonElement Raw => Root;

    public void Dispose() => _doc.Dispose();

    private T? Fail<T>(string field, string detail)
        where T : class
    {
        Reject(field, $"'{field}' {detail}");
        return null;
    }

    private T? FailValue<T>(string field, string detail)
        where T : struct
    {
        Reject(field, $"'{field}' {detail}");
        return null;
    }
}

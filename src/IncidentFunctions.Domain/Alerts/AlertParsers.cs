using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>The alert formats the service accepts, by route name, and the parse loop they share.</summary>
public static class AlertParsers
{
    public static IReadOnlyList<IAlertParser> All { get; } =
    [
        new AlertmanagerAlertParser(),
        new GrafanaAlertParser(),
        new AzureMonitorAlertParser(),
        new DatadogAlertParser(),
        new GenericAlertParser(),
        new PagerDutyEventParser(),
        new OpsgenieWebhookParser(),
    ];

    public static bool TryGet(string format, [NotNullWhen(true)] out IAlertParser? parser)
    {
        parser = All.FirstOrDefault(p => string.Equals(p.Format, format?.Trim(), StringComparison.OrdinalIgnoreCase));
        return parser is not null;
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Parses <paramref name="utf8Json"/> as one JSON object and hands it to <paramref name="read"/>. Every way a body can
    /// be wrong ends here as an error naming the field, so a parser never throws for bad input.
    /// </summary>
    internal static (T? Value, AlertParseError? Error) Run<T>(ReadOnlySpan<byte> utf8Json, Func<JsonElement, T> read)
        where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (read(root), null)
                : (null, new AlertParseError("$", $"body must be a JSON object, not {Json.Describe(root.ValueKind)}"));
        }
        catch (JsonException ex)
        {
            return (null, new AlertParseError("$", $"body is not valid JSON: {ex.Message}"));
        }
        catch (AlertFieldException ex)
        {
            return (null, new AlertParseError(ex.Field, ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            // Reached only when a property name is not valid Unicode; values are checked where they are read.
            return (null, new AlertParseError("$", $"body is not valid JSON text: {ex.Message}"));
        }
    }

    internal static AlertParseResult Parse(ReadOnlySpan<byte> utf8Json, Func<JsonElement, IReadOnlyList<NormalizedAlert>> read)
    {
        var (alerts, error) = Run(utf8Json, read);
        return error is null ? AlertParseResult.Ok(alerts!) : new AlertParseResult { Error = error };
    }

    /// <summary>The alert objects of a group body's array, which must not be empty.</summary>
    internal static IEnumerable<(JsonElement Item, string Path)> AlertObjects(JsonElement array, string path) =>
        array.GetArrayLength() > 0
            ? Json.Objects(array, path)
            // Accepting it would answer 202 while doing nothing, hiding a broken sender.
            : throw new AlertFieldException(path, "holds no alerts");
}

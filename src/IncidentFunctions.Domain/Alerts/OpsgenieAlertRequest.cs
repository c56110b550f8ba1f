using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Opsgenie's Alert API, as a tool configured for Opsgenie sends it (<c>POST /v2/alerts</c> and the close, acknowledge
/// and notes actions), read with Opsgenie's own limits. A create is a firing alert keyed by its alias; fields Opsgenie
/// routes by (responders, visibleTo, actions) are kept only to be reported as ignored.
/// </summary>
public static class OpsgenieAlertRequest
{
    public const int MaxMessage = 130;
    public const int MaxAlias = 512;
    public const int MaxDescription = 15_000;
    public const int MaxNote = 25_000;
    public const int MaxUser = 100;
    public const int MaxSource = 100;
    public const int MaxEntity = 512;
    public const int MaxTags = 20;

    /// <summary>A create request: the alert, and the routing fields that were given and are ignored here.</summary>
    public static (OpsgenieCreate? Create, AlertParseError? Error) ReadCreate(ReadOnlySpan<byte> utf8Json) =>
        AlertParsers.Run(utf8Json, root =>
        {
            var message = Json.RequiredString(root, "message", "");
            Limited(message, "message", MaxMessage);
            var alias = Limited(Json.OptionalText(root, "alias", ""), "alias", MaxAlias);
            var entity = Limited(Json.OptionalText(root, "entity", ""), "entity", MaxEntity);
            var priority = OpsgenieAlerts.Priority(Json.Get(root, "priority"), "priority")!;
            if (Json.OptionalArray(root, "tags", "") is { } tags && tags.GetArrayLength() > MaxTags)
            {
                throw new AlertFieldException("tags", $"holds {tags.GetArrayLength()} tags; Opsgenie takes at most {MaxTags}");
            }

            var alert = new NormalizedAlert
            {
                Format = OpsgenieAlerts.Format,
                DedupKey = alias ?? StableHash.Of(message, entity),
                Title = message,
                Severity = OpsgenieAlerts.SeverityOf(priority),
                SourceSeverity = priority,
                Status = AlertStatus.Firing,
                Description = Limited(Json.OptionalText(root, "description", ""), "description", MaxDescription),
                Source = entity ?? Limited(Json.OptionalText(root, "source", ""), "source", MaxSource),
                Labels = OpsgenieAlerts.Labels(root, ""),
            };
            var ignored = new[] { "responders", "visibleTo", "actions" }.Where(name => Json.Get(root, name) is { ValueKind: not JsonValueKind.Null }).ToList();
            return new OpsgenieCreate(alert, Limited(Json.OptionalText(root, "user", ""), "user", MaxUser),
                Limited(Json.OptionalText(root, "note", ""), "note", MaxNote), ignored);
        });

    /// <summary>The body of close, acknowledge and notes (all optional but the note of /notes): user, source, note.</summary>
    public static (OpsgenieAction? Action, AlertParseError? Error) ReadAction(ReadOnlySpan<byte> utf8Json, bool noteRequired)
    {
        if (utf8Json.IsEmpty || utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return noteRequired ? (null, new AlertParseError("note", "note is required")) : (new OpsgenieAction(null, null, null), null);
        }

        return AlertParsers.Run(utf8Json, root =>
        {
            var note = Limited(Json.OptionalText(root, "note", ""), "note", MaxNote);
            if (noteRequired && note is null)
            {
                throw new AlertFieldException("note", "note is required");
            }

            return new OpsgenieAction(Limited(Json.OptionalText(root, "user", ""), "user", MaxUser),
                Limited(Json.OptionalText(root, "source", ""), "source", MaxSource), note);
        });
    }

    /// <summary>The body of PUT …/message or …/description: that one field, required, within its limit.</summary>
    public static AlertParseError? ReadUpdate(ReadOnlySpan<byte> utf8Json, string field) =>
        AlertParsers.Run(utf8Json, root =>
        {
            var text = Json.RequiredString(root, field, "");
            return Limited(text, field, field == "message" ? MaxMessage : MaxDescription) ?? "";
        }).Error;

    private static string? Limited(string? text, string field, int max) =>
        text is null || text.Length <= max ? text : throw new AlertFieldException(field, $"is {text.Length} characters; Opsgenie takes at most {max}");
}

/// <param name="Ignored">Routing fields given but not used: this service pages by its own escalation policy.</param>
public sealed record OpsgenieCreate(NormalizedAlert Alert, string? User, string? Note, IReadOnlyList<string> Ignored);

public sealed record OpsgenieAction(string? User, string? Source, string? Note);

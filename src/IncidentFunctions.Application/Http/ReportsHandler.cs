using System.Globalization;
using System.Text.Json;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Reports;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/reports/response, GET /api/reports/alerts, POST /api/incidents/{id}/alert-feedback.</summary>
public sealed class ReportsHandler(ReportBuilder reports, IncidentStore store, IncidentRecordStore records, IncidentConfigProvider config, TimeProvider time)
{
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public async Task<IResult> ResponseAsync(HttpRequest request, CancellationToken ct) =>
        Since(request, out var since, out var problem) ? Results.Json(await reports.ResponseAsync(since, ct), ApiJson.Options) : problem!;

    public async Task<IResult> AlertsAsync(HttpRequest request, CancellationToken ct)
    {
        if (!Since(request, out var since, out var problem))
        {
            return problem!;
        }

        var review = await reports.AlertsAsync(since, ct);
        return Results.Json(new { since, rules = review }, ApiJson.Options);
    }

    public async Task<IResult> AlertFeedbackAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var body = await RequestBody.ReadAsync(request, 16 * 1024, ct);
        if (body is null)
        {
            return Problems.TooLarge(16 * 1024);
        }

        bool useful;
        string? comment = null;
        string by;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Problems.BadRequest("$", "body must be a JSON object like {\"useful\": false, \"by\": \"Alice\"}");
            }

            if (!root.TryGetProperty("useful", out var u) || u.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Problems.BadRequest("useful", "true or false is required: was this page worth waking someone for?");
            }

            useful = u.GetBoolean();
            if (!root.TryGetProperty("by", out var b) || b.ValueKind != JsonValueKind.String || config.Current.FindResponder(b.GetString()!) is not { } responder)
            {
                return Problems.BadRequest("by", "the name of a configured responder is required");
            }

            by = responder.Name;
            if (root.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind != JsonValueKind.String || c.GetString()!.Length > 2000)
                {
                    return Problems.BadRequest("comment", "a string of at most 2,000 characters");
                }

                comment = c.GetString();
            }
        }
        catch (JsonException e)
        {
            return Problems.BadRequest("$", "body is not valid JSON: " + e.Message);
        }

        if (await store.GetIncidentAsync(number, ct) is null)
        {
            return Problems.NotFound($"INC {number} does not exist");
        }

        var feedback = new AlertFeedback(by, useful, comment, time.GetUtcNow());
        await records.SetAlertFeedbackAsync(number, feedback, ct);
        return Results.Json(feedback, ApiJson.Options);
    }

    private bool Since(HttpRequest request, out DateTimeOffset since, out IResult? problem)
    {
        problem = null;
        var text = request.Query["since"].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            since = time.GetUtcNow() - DefaultPeriod;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since))
        {
            return true;
        }

        problem = Problems.BadRequest("since", $"'{text}' is not a date or time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T09:00:00Z)");
        return false;
    }
}

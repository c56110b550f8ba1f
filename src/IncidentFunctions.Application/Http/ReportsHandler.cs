using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Reports;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Application.Identity;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/reports/response, GET /api/reports/alerts, POST /api/incidents/{id}/alert-feedback.</summary>
public sealed class ReportsHandler(ReportBuilder reports, IncidentCommandService commands, IncidentConfigProvider config, TimeProvider time)
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
        // Alerts held back by maintenance open no incident, so the rules above never count them: per window here.
        var suppressed = await reports.SuppressedAsync(since, ct);
        return Results.Json(new { since, rules = review, maintenance = suppressed }, ApiJson.Options);
    }

    public async Task<IResult> AlertFeedbackAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (fields is null)
        {
            return problem!;
        }

        bool useful;
        string by;
        string? comment;
        using (fields)
        {
            var verdict = fields.Bool("useful", required: true);
            // One verdict per responder: a person gives their own, the admin key one it records for a named responder.
            var attribution = RequestActor.Of(request).Attribute(fields, config.Current, requireResponder: true);
            comment = fields.String("comment", required: false, 2000);
            if (fields.Error is { } error)
            {
                return error;
            }

            (useful, by) = (verdict!.Value, attribution!.Shown);
        }

        return CommandAnswer.From(await commands.RecordAlertFeedbackAsync(number, by, useful, comment, time.GetUtcNow(), ct), f => f);
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

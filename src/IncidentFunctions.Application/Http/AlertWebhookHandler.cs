using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// POST /api/alerts/{format}. Every check (key, rate, size, body) happens before the first write,
/// so a rejected request leaves nothing behind.
/// </summary>
public sealed class AlertWebhookHandler(IncidentConfigProvider config, IngestRateLimiter limiter, AlertIngestor ingestor, Telemetry.IncidentMetrics metrics, TimeProvider time)
{
    public const string IntegrationKeyHeader = "X-Integration-Key";

    public async Task<IResult> HandleAsync(HttpRequest request, string format, DurableTaskClient client, CancellationToken ct)
    {
        if (!AlertParsers.TryGet(format, out var parser) || parser.Format == "pagerduty")
        {
            var known = string.Join(", ", AlertParsers.All.Select(p => p.Format).Where(f => f != "pagerduty"));
            return Problems.NotFound($"unknown alert format '{format}'; supported: {known} (PagerDuty Events v2 posts to /api/v2/enqueue)", "format");
        }

        var key = request.Query["key"].FirstOrDefault() ?? request.Headers[IntegrationKeyHeader].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return Refused(Problems.Unauthorized($"integration key missing: pass it as ?key= or the {IntegrationKeyHeader} header", "key"), null);
        }

        var service = config.Current.FindServiceByIntegrationKey(key);
        if (service is null)
        {
            return Refused(Problems.Forbidden("integration key is not configured for any service", "key"), null);
        }

        if (RateLimited(service, key) is IResult limited)
        {
            return Refused(limited, service);
        }

        var body = await RequestBody.ReadAsync(request, RequestBody.MaxAlertBodyBytes, ct);
        if (body is null)
        {
            return Refused(Problems.TooLarge(RequestBody.MaxAlertBodyBytes), service);
        }

        var parsed = parser.Parse(body);
        if (parsed.Error is { } error)
        {
            return Refused(Problems.BadRequest(error.Field, error.Problem), service);
        }

        var now = time.GetUtcNow();
        var results = new List<object>(parsed.Alerts.Count);
        foreach (var alert in parsed.Alerts)
        {
            var r = await ingestor.IngestAsync(service, alert, client, now, ct);
            results.Add(new { r.DedupKey, incidentId = r.IncidentNumber, result = r.Action, maintenanceWindow = r.MaintenanceWindow, alert.Title, alert.Status });
        }

        return Results.Json(new { service = service.Name, format = parser.Format, alerts = results }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);

        // A refused delivery is counted as one refused alert of its format ("unknown" service when the key named none).
        IResult Refused(IResult answer, ServiceConfig? of)
        {
            metrics.Alert(parser.Format, of?.Name ?? "unknown", "refused");
            return answer;
        }
    }

    internal IResult? RateLimited(ServiceConfig service, string key)
    {
        var wait = limiter.TryAcquire(key, config.Current.RateLimit.PerKeyPerMinute);
        if (wait is null)
        {
            return null;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalSeconds));
        return new HeaderResult(
            Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"integration key of service '{service.Name}' is over {config.Current.RateLimit.PerKeyPerMinute} requests per minute", "key"),
            "Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
    }
}

using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// POST /api/v2/enqueue, wire-compatible with PagerDuty's Events API v2 so a tool configured for PagerDuty
/// works by changing only its URL: same body, same 202 and 400 shapes. The routing key is our integration key.
/// </summary>
public sealed class PagerDutyEnqueueHandler(IncidentConfigProvider config, IngestRateLimiter limiter, AlertIngestor ingestor, TimeProvider time)
{
    private readonly PagerDutyEventParser _parser = new();

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, RequestBody.MaxAlertBodyBytes, ct);
        if (body is null)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "invalid event", "Event object is too large", "body", "Event exceeds 512 KB");
        }

        var parsed = _parser.ParseEvent(body);
        if (parsed.Error is { } error)
        {
            return error.Field == "$"
                ? Error(StatusCodes.Status400BadRequest, "Unrecognized object", "Event object format is unrecognized", "$", error.Problem)
                : Error(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", error.Field, $"'{error.Field}' {error.Problem}");
        }

        var ev = parsed.Event!;
        var service = config.Current.FindServiceByIntegrationKey(ev.RoutingKey);
        if (service is null)
        {
            return Error(StatusCodes.Status403Forbidden, "invalid event", "Event object is invalid", "routing_key", "routing_key is not an integration key of any service");
        }

        var wait = limiter.TryAcquire(ev.RoutingKey, config.Current.RateLimit.PerKeyPerMinute);
        if (wait is not null)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalSeconds));
            return new HeaderResult(
                Error(StatusCodes.Status429TooManyRequests, "throttle event", "Requests for this service are arriving too quickly. Please retry later.", "routing_key", "rate limit exceeded"),
                "Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        var result = await ingestor.IngestAsync(service, ev.Alert, client, time.GetUtcNow(), ct);
        return Results.Json(new PagerDutyAccepted("success", "Event processed", ev.Alert.DedupKey, result.IncidentNumber, result.Action, result.MaintenanceWindow),
            ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Error(int status, string statusText, string message, string field, string problem) =>
        Results.Json(new PagerDutyError(statusText, message, [problem], field), ApiJson.Options, statusCode: status);

    private sealed record PagerDutyAccepted(
        string Status, string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("dedup_key")] string DedupKey,
        long? IncidentId, IngestAction Result, string? MaintenanceWindow);

    private sealed record PagerDutyError(string Status, string Message, IReadOnlyList<string> Errors, string Field);
}

namespace IncidentFunctions.Domain.Alerts;

/// <summary>One PagerDuty Events API v2 event: the alert plus the routing key the endpoint authenticates by.</summary>
/// <param name="EventAction">"trigger", "acknowledge" or "resolve".</param>
public sealed record PagerDutyEvent(string RoutingKey, string EventAction, NormalizedAlert Alert);

/// <summary>Either the event or the first problem with the body, as PagerDuty would report it.</summary>
public sealed record PagerDutyParseResult
{
    public PagerDutyEvent? Event { get; init; }

    public AlertParseError? Error { get; init; }

    public static PagerDutyParseResult Ok(PagerDutyEvent pagerDutyEvent) => new() { Event = pagerDutyEvent };

    public static PagerDutyParseResult Fail(string field, string problem) => new() { Error = new AlertParseError(field, problem) };
}

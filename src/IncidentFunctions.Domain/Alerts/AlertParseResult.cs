namespace IncidentFunctions.Domain.Alerts;

/// <summary>Either the alerts of one webhook body, or the first problem that makes the body unusable.</summary>
public sealed record AlertParseResult
{
    public IReadOnlyList<NormalizedAlert> Alerts { get; init; } = [];

    public AlertParseError? Error { get; init; }

    public bool IsValid => Error is null;

    public static AlertParseResult Ok(IReadOnlyList<NormalizedAlert> alerts) => new() { Alerts = alerts };
}

/// <param name="Field">JSON path of the offending field, e.g. "alerts[1].labels" or "payload.summary"; "$" for the whole body.</param>
public sealed record AlertParseError(string Field, string Problem);

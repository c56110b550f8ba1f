namespace IncidentFunctions.Domain.Response;

public enum ActionResult
{
    Worked,
    NoEffect,
    MadeWorse,
}

public sealed record ActionOutcome(ActionResult Result, string Observed, string By, DateTimeOffset At);

/// <summary>
/// Something done to the system during the incident. Every action says how to undo it, or says explicitly that
/// it cannot be undone; its expected effect is confirmed (or not) by an outcome.
/// </summary>
public sealed record IncidentAction(
    string Id, DateTimeOffset At, string By, string What, string Why, string ExpectedEffect,
    string? Undo, bool Irreversible, ActionOutcome? Outcome = null)
{
    public bool IsOpen => Outcome is null;
}

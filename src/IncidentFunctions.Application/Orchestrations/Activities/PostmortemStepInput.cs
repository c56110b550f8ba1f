namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>The post-mortem steps' input (draft, close): which incident, at the orchestration's instant.</summary>
public sealed record PostmortemStepInput(long IncidentNumber, DateTimeOffset At);

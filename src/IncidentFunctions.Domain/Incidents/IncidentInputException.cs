namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// A command that is well-formed but wrong for this incident (it omits something the incident needs): unlike
/// <see cref="IncidentTransitionException"/> the state allows the move, the input does not. Names the field to fix.
/// </summary>
public sealed class IncidentInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

namespace IncidentFunctions.Domain.Incidents;

/// <summary>A state change the incident's current status does not allow; the message is safe to show a responder.</summary>
public sealed class IncidentTransitionException(string message) : Exception(message);

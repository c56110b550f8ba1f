namespace IncidentFunctions.Application.Incidents;

public enum CommandStatus
{
    Done,
    /// <summary>No such incident (404 on the id).</summary>
    NotFound,
    /// <summary>The incident's state does not allow it; the detail is the domain's own words (409).</summary>
    Refused,
    /// <summary>The input is well-formed but wrong for this incident (400 naming the field).</summary>
    Invalid,
    /// <summary>The command names something the incident does not have: an action, a post-mortem (404 naming the field).</summary>
    Missing,
}

/// <summary>
/// What any incident command came to, whichever door it came through: each door words it its own way (a problem
/// body, a text back, a console message).
/// </summary>
/// <param name="Value">What the command made (the incident, a note, an action, an update…); set when done.</param>
/// <param name="Incident">The incident after the command when done, as found when refused; null when not found.</param>
/// <param name="Field">The field to fix (Invalid, Missing) or "id" (NotFound).</param>
/// <param name="Detail">Why it was not done, safe to show the responder.</param>
public sealed record CommandResult<T>(CommandStatus Status, T? Value, Incident? Incident, string? Field, string? Detail)
{
    public bool IsDone => Status == CommandStatus.Done;

    public static CommandResult<T> Done(T value, Incident incident) => new(CommandStatus.Done, value, incident, null, null);

    public static CommandResult<T> NotFound(long number) => new(CommandStatus.NotFound, default, null, "id", $"INC {number} does not exist");

    public static CommandResult<T> Refused(Incident incident, string detail) => new(CommandStatus.Refused, default, incident, null, detail);

    public static CommandResult<T> Invalid(Incident? incident, string field, string detail) => new(CommandStatus.Invalid, default, incident, field, detail);

    public static CommandResult<T> Missing(Incident? incident, string field, string detail) => new(CommandStatus.Missing, default, incident, field, detail);
}

/// <summary>What an update to users adds for the status page; both null on updates to the team and leadership only.</summary>
public sealed record PublicWording(string? Title, string? Impact)
{
    public static readonly PublicWording None = new(null, null);
}

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>
/// The ids the incident card's buttons and forms carry, shared by the card (which shows them) and the interactivity
/// endpoint (which acts on them). A button's value is the incident number; a form's private_metadata names the
/// incident and the channel it was opened from.
/// </summary>
public static class SlackActions
{
    public const string TakeLead = "incident.lead";
    public const string Escalate = "incident.escalate";
    public const string PostUpdate = "incident.update";
    public const string RecordAction = "incident.action";
    public const string AddNote = "incident.note";
    public const string Resolve = "incident.resolve";

    /// <summary>Every button, in the order the card shows them.</summary>
    public static IReadOnlyList<(string ActionId, string Label)> Buttons { get; } =
    [
        (TakeLead, "Take the lead"),
        (Escalate, "Escalate"),
        (PostUpdate, "Post update"),
        (RecordAction, "Record action"),
        (AddNote, "Add note"),
        (Resolve, "Resolve"),
    ];
}

using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Chat;

public enum SlackCommandKind
{
    /// <summary>"", "help": the commands and how to write them.</summary>
    Help,
    /// <summary>"ack", "lead": acknowledge and take the lead.</summary>
    Lead,
    /// <summary>"esc", "escalate": page the next tier now (help, when the incident has a lead).</summary>
    Escalate,
    /// <summary>"update &lt;text&gt;": a status update to the team.</summary>
    Update,
    /// <summary>"note &lt;text&gt;": a finding on the timeline.</summary>
    Note,
    /// <summary>"action &lt;what&gt;; why: …; expect: …; undo: …" (or "; irreversible").</summary>
    Action,
    /// <summary>"resolve &lt;summary&gt;".</summary>
    Resolve,
    /// <summary>"status", or the number alone: where the incident stands.</summary>
    Status,
    /// <summary>Something the grammar does not take; <see cref="SlackCommand.Error"/> says what to write instead.</summary>
    Invalid,
}

/// <summary>
/// One "/incident" command (or a press of the incident card's buttons and forms, which come to the same thing).
/// </summary>
/// <param name="IncidentNumber">The incident the text names; null means "this channel's incident".</param>
/// <param name="Text">The update or note text, or the resolution summary; null for the other kinds.</param>
/// <param name="Action">What an <see cref="SlackCommandKind.Action"/> records.</param>
/// <param name="NoteKind">The kind of a note (the form offers a choice; the command always writes a finding).</param>
/// <param name="Error">Why an <see cref="SlackCommandKind.Invalid"/> command was not taken, worded for the person who typed it.</param>
public sealed record SlackCommand(
    SlackCommandKind Kind,
    long? IncidentNumber = null,
    string? Text = null,
    SlackActionFields? Action = null,
    NoteKind NoteKind = NoteKind.Finding,
    string? Error = null)
{
    public static SlackCommand Invalid(string error) => new(SlackCommandKind.Invalid, Error: error);
}

/// <summary>
/// What recording an action needs, as the API asks for it: what, why and the expected effect, and how to undo it unless
/// it cannot be undone (<see cref="Irreversible"/>), never both.
/// </summary>
public sealed record SlackActionFields(string What, string Why, string ExpectedEffect, string? Undo, bool Irreversible);

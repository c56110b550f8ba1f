using System.Globalization;
using System.Text.Json.Serialization;

namespace IncidentFunctions.Domain.Postmortems;

[JsonConverter(typeof(CamelCaseEnumConverter<PostmortemStatus>))]
public enum PostmortemStatus
{
    Draft,
    Completed,
}

/// <summary>
/// The post-mortem of one incident: drafted from facts by <see cref="PostmortemDrafter"/>, then edited by people
/// until someone completes it. The fact sections (impact, detection, timeline, from the channel, actions) are not
/// editable; the judgement sections (summary, went well, to change, lessons, action items) are.
/// Serialises with System.Text.Json (web or default settings); enums as camel-case strings, as the API writes them.
/// </summary>
public sealed record Postmortem
{
    public required long IncidentNumber { get; init; }
    public required string Service { get; init; }
    public required string Title { get; init; }
    public string? Lead { get; init; }
    public IReadOnlyList<string> Responders { get; init; } = [];

    public PostmortemStatus Status { get; init; } = PostmortemStatus.Draft;
    public required DateTimeOffset DraftedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }

    /// <summary>When the retrospective is due (resolution + the severity's allowance); null when none is required.</summary>
    public DateTimeOffset? DueBy { get; init; }

    public required string Summary { get; init; }
    public required PostmortemImpact Impact { get; init; }
    public required PostmortemDetection Detection { get; init; }
    public IReadOnlyList<PostmortemEvent> Timeline { get; init; } = [];

    /// <summary>The channel's messages that carried findings (pinned, or notes made there), in time order; empty without any.</summary>
    public IReadOnlyList<ChannelFinding> FromChannel { get; init; } = [];

    public IReadOnlyList<PostmortemAction> Actions { get; init; } = [];
    public IReadOnlyList<string> WentWell { get; init; } = [];
    public IReadOnlyList<string> ToChange { get; init; } = [];
    public IReadOnlyList<string> Lessons { get; init; } = [];
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    /// <summary>
    /// Replaces the sections the edit sets and keeps the others. Refuses a completed post-mortem and an edit with
    /// problems (<see cref="PostmortemEditValidator"/>), with a <see cref="PostmortemException"/>.
    /// </summary>
    public Postmortem WithSections(PostmortemEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        RefuseIfCompleted("edited");
        var problems = PostmortemEditValidator.Validate(edit);
        if (problems.Count > 0)
        {
            throw new PostmortemException($"The post-mortem of INC {Number} was not changed: {string.Join("; ", problems)}", problems);
        }

        return this with
        {
            Summary = edit.Summary ?? Summary,
            WentWell = edit.WentWell is { } wentWell ? [.. wentWell] : WentWell,
            ToChange = edit.ToChange is { } toChange ? [.. toChange] : ToChange,
            Lessons = edit.Lessons is { } lessons ? [.. lessons] : Lessons,
            ActionItems = edit.ActionItems is { } items ? [.. items] : ActionItems,
        };
    }

    /// <summary>Marks the post-mortem done; after this it can no longer be edited. Refuses a second completion.</summary>
    public Postmortem Complete(string by, DateTimeOffset at)
    {
        RefuseIfCompleted("completed again");
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new PostmortemException($"Say who completes the post-mortem of INC {Number}.");
        }

        return this with { Status = PostmortemStatus.Completed, CompletedBy = by.Trim(), CompletedAt = at };
    }

    private string Number => IncidentNumber.ToString(CultureInfo.InvariantCulture);

    private void RefuseIfCompleted(string what)
    {
        if (Status == PostmortemStatus.Completed)
        {
            var when = CompletedAt is { } at ? " on " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            var who = CompletedBy is null ? "" : " by " + CompletedBy;
            throw new PostmortemException($"The post-mortem of INC {Number} was completed{who}{when} and cannot be {what}.");
        }
    }
}

/// <summary>A post-mortem change that is not allowed; the message is safe to show a responder.</summary>
public sealed class PostmortemException : Exception
{
    public PostmortemException(string message)
        : this(message, [])
    {
    }

    public PostmortemException(string message, IReadOnlyList<PostmortemProblem> problems)
        : base(message)
    {
        Problems = problems ?? throw new ArgumentNullException(nameof(problems));
    }

    /// <summary>Every problem with a refused edit; empty when the refusal is about the post-mortem's state.</summary>
    public IReadOnlyList<PostmortemProblem> Problems { get; }
}

using System.Globalization;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>A change to the editable sections of a post-mortem. Null leaves a section as it is; a list replaces the whole section.</summary>
public sealed record PostmortemEdit
{
    public string? Summary { get; init; }
    public IReadOnlyList<string>? WentWell { get; init; }
    public IReadOnlyList<string>? ToChange { get; init; }
    public IReadOnlyList<string>? Lessons { get; init; }
    public IReadOnlyList<ActionItem>? ActionItems { get; init; }
}

/// <summary>One thing wrong with an edit.</summary>
/// <param name="Field">Where, in the API's camel case: "summary", "lessons[2]", "actionItems[0].owner".</param>
public sealed record PostmortemProblem(string Field, string Message)
{
    public override string ToString() => $"{Field} {Message}";
}

/// <summary>Checks an edit and returns every problem, not just the first.</summary>
public static class PostmortemEditValidator
{
    public const int MaxSummaryLength = 20_000;
    public const int MaxItemLength = 2_000;
    public const int MaxItems = 100;
    public const int MaxTitleLength = 200;
    public const int MaxOwnerLength = 100;

    public static IReadOnlyList<PostmortemProblem> Validate(PostmortemEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var problems = new List<PostmortemProblem>();

        if (edit.Summary is { } summary)
        {
            if (string.IsNullOrWhiteSpace(summary))
            {
                problems.Add(new("summary", "must not be empty; leave it out to keep the current summary"));
            }
            else if (summary.Length > MaxSummaryLength)
            {
                problems.Add(new("summary", $"is {Amount(summary.Length)} characters; the most is {Amount(MaxSummaryLength)}"));
            }
        }

        CheckList(problems, "wentWell", edit.WentWell);
        CheckList(problems, "toChange", edit.ToChange);
        CheckList(problems, "lessons", edit.Lessons);

        if (edit.ActionItems is { } items)
        {
            CheckCount(problems, "actionItems", items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"actionItems[{Index(i)}]";
                if (items[i] is not { } item)
                {
                    problems.Add(new(path, "must be an action item, not null"));
                    continue;
                }

                CheckText(problems, path + ".title", item.Title, MaxTitleLength, required: true);
                CheckText(problems, path + ".owner", item.Owner, MaxOwnerLength, required: true);
                CheckText(problems, path + ".reason", item.Reason, MaxItemLength, required: false);
                if (item.DueBy == default)
                {
                    problems.Add(new(path + ".dueBy", "is required"));
                }

                if (item.Source is not (ActionItem.Suggested or ActionItem.Manual))
                {
                    problems.Add(new(path + ".source", $"must be \"{ActionItem.Suggested}\" or \"{ActionItem.Manual}\""));
                }
            }
        }

        return problems;
    }

    private static void CheckList(List<PostmortemProblem> problems, string field, IReadOnlyList<string>? list)
    {
        if (list is null)
        {
            return;
        }

        CheckCount(problems, field, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            CheckText(problems, $"{field}[{Index(i)}]", list[i], MaxItemLength, required: true);
        }
    }

    private static void CheckCount(List<PostmortemProblem> problems, string field, int count)
    {
        if (count > MaxItems)
        {
            problems.Add(new(field, $"has {Amount(count)} entries; the most is {Amount(MaxItems)}"));
        }
    }

    // The text is typed as non-null, but a deserialised request can still carry null.
    private static void CheckText(List<PostmortemProblem> problems, string field, string? text, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                problems.Add(new(field, "must not be empty"));
            }
        }
        else if (text.Length > max)
        {
            problems.Add(new(field, $"is {Amount(text.Length)} characters; the most is {Amount(max)}"));
        }
    }

    private static string Index(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Amount(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

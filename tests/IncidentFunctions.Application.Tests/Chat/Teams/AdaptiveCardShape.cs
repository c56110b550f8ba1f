using System.Text.Json;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>
/// What the Adaptive Card schema (adaptivecards.io/schemas/adaptive-card.json) requires of the parts our cards use, and
/// the Workflows envelope around them, checked on the JSON as posted: every problem found, each with its JSON path.
/// Written from the schema rather than from our card builder, so it checks it rather than echoes it.
/// </summary>
internal static class AdaptiveCardShape
{
    public static IReadOnlyList<string> ProblemsOfMessage(JsonElement message)
    {
        var problems = new List<string>();
        if (message.ValueKind != JsonValueKind.Object)
        {
            return ["$: not an object"];
        }

        if (Text(message, "type") != "message")
        {
            problems.Add("$.type: not \"message\"");
        }

        if (!message.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array || attachments.GetArrayLength() != 1)
        {
            problems.Add("$.attachments: not an array of one attachment");
            return problems;
        }

        var attachment = attachments[0];
        if (Text(attachment, "contentType") != "application/vnd.microsoft.card.adaptive")
        {
            problems.Add("$.attachments[0].contentType: not application/vnd.microsoft.card.adaptive");
        }

        if (!attachment.TryGetProperty("contentUrl", out var contentUrl) || contentUrl.ValueKind != JsonValueKind.Null)
        {
            problems.Add("$.attachments[0].contentUrl: not present as null");
        }

        if (!attachment.TryGetProperty("content", out var card))
        {
            problems.Add("$.attachments[0].content: missing");
            return problems;
        }

        problems.AddRange(ProblemsOfCard(card, "$.attachments[0].content"));
        return problems;
    }

    public static IReadOnlyList<string> ProblemsOfCard(JsonElement card, string path = "$")
    {
        var problems = new List<string>();
        if (card.ValueKind != JsonValueKind.Object)
        {
            return [$"{path}: not an object"];
        }

        if (Text(card, "type") != "AdaptiveCard")
        {
            problems.Add($"{path}.type: not \"AdaptiveCard\"");
        }

        if (Text(card, "version") is not { } version || !Version.TryParse(version, out _))
        {
            problems.Add($"{path}.version: missing or not a version");
        }

        if (!card.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}.body: missing or not an array");
        }
        else
        {
            Elements(body, $"{path}.body", problems);
        }

        if (card.TryGetProperty("actions", out var actions))
        {
            Actions(actions, $"{path}.actions", problems);
        }

        return problems;
    }

    private static void Elements(JsonElement elements, string path, List<string> problems)
    {
        var i = 0;
        foreach (var element in elements.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            switch (Text(element, "type"))
            {
                case null:
                    problems.Add($"{at}.type: missing");
                    break;
                case "TextBlock":
                    if (string.IsNullOrEmpty(Text(element, "text")))
                    {
                        problems.Add($"{at}.text: missing or empty");
                    }

                    break;
                case "FactSet":
                    if (!element.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Array || facts.GetArrayLength() == 0)
                    {
                        problems.Add($"{at}.facts: missing or empty");
                        break;
                    }

                    var f = 0;
                    foreach (var fact in facts.EnumerateArray())
                    {
                        if (Text(fact, "title") is null)
                        {
                            problems.Add($"{at}.facts[{f}].title: missing");
                        }

                        if (Text(fact, "value") is null)
                        {
                            problems.Add($"{at}.facts[{f}].value: missing");
                        }

                        f++;
                    }

                    break;
                case "Container":
                    if (element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        Elements(items, $"{at}.items", problems);
                    }
                    else
                    {
                        problems.Add($"{at}.items: missing");
                    }

                    break;
                case "ActionSet":
                    if (element.TryGetProperty("actions", out var actions))
                    {
                        Actions(actions, $"{at}.actions", problems);
                    }
                    else
                    {
                        problems.Add($"{at}.actions: missing");
                    }

                    break;
                default:
                    // A kind this checker does not know: the schema has it or Teams would drop it; the cards use none.
                    problems.Add($"{at}.type: {Text(element, "type")} is not one the cards are expected to use");
                    break;
            }
        }
    }

    private static void Actions(JsonElement actions, string path, List<string> problems)
    {
        if (actions.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: not an array");
            return;
        }

        var i = 0;
        foreach (var action in actions.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            switch (Text(action, "type"))
            {
                case null:
                    problems.Add($"{at}.type: missing");
                    break;
                case "Action.OpenUrl":
                    if (!Uri.TryCreate(Text(action, "url"), UriKind.Absolute, out _))
                    {
                        problems.Add($"{at}.url: missing or not an absolute URL");
                    }

                    if (string.IsNullOrEmpty(Text(action, "title")))
                    {
                        problems.Add($"{at}.title: missing");
                    }

                    break;
                default:
                    problems.Add($"{at}.type: {Text(action, "type")} is not one a one-way card may carry");
                    break;
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

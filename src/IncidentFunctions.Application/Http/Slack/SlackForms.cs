using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Domain.Chat;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// The modals the card's Post update, Record action, Add note and Resolve buttons open, and what their submissions
/// come to. A form's callback_id is its button's action id; its private_metadata names the incident and the channel
/// the button was pressed in (where the result is told); each input is a block whose block_id names its field, so a
/// problem is shown beside the input it concerns.
/// </summary>
public static class SlackForms
{
    /// <summary>Every input's action_id: the block says which field it is.</summary>
    private const string Value = "value";

    /// <summary>Slack's limit on a modal's title.</summary>
    private const int MaxTitle = 24;

    public const string TextBlock = "text";
    public const string KindBlock = "kind";
    public const string WhatBlock = "what";
    public const string WhyBlock = "why";
    public const string ExpectBlock = "expect";
    public const string UndoBlock = "undo";
    public const string IrreversibleBlock = "irreversible";
    public const string SummaryBlock = "summary";

    private static readonly (string Value, string Label, NoteKind Kind)[] NoteKinds =
    [
        ("finding", "Finding", NoteKind.Finding),
        ("hypothesis", "Hypothesis", NoteKind.Hypothesis),
        ("root-cause", "Root cause", NoteKind.RootCause),
        ("other", "Other", NoteKind.Other),
    ];

    public static bool IsForm(string actionId) =>
        actionId is SlackActions.PostUpdate or SlackActions.RecordAction or SlackActions.AddNote or SlackActions.Resolve;

    /// <summary>The modal for <paramref name="form"/> (one of the form buttons' action ids) on incident <paramref name="number"/>.</summary>
    public static JsonObject For(string form, long number, string? channel)
    {
        var inc = $"INC {IncidentIds.Format(number)}";
        var (title, submit, blocks) = form switch
        {
            SlackActions.PostUpdate => ($"Update {inc}", "Post", new JsonArray(
                Input(TextBlock, "Update to the team", TextInput(SlackCommandParser.MaxUpdateText, multiline: true, "What is known, what is being done, what is next")))),
            SlackActions.AddNote => ($"Note on {inc}", "Add", new JsonArray(
                Input(TextBlock, "Note", TextInput(SlackCommandParser.MaxNoteText, multiline: true, "What you found or suspect")),
                Input(KindBlock, "Kind", KindSelect(), optional: true))),
            SlackActions.RecordAction => ($"Action on {inc}", "Record", new JsonArray(
                Input(WhatBlock, "What was done", TextInput(SlackCommandParser.MaxActionField, multiline: false, "Scaled checkout to 6 pods")),
                Input(WhyBlock, "Why", TextInput(SlackCommandParser.MaxActionField, multiline: false, "CPU saturated")),
                Input(ExpectBlock, "Expected effect", TextInput(SlackCommandParser.MaxActionField, multiline: false, "p99 under 300 ms within 5 minutes")),
                Input(UndoBlock, "How to undo it", TextInput(SlackCommandParser.MaxActionField, multiline: false, "Scale back to 3 pods"), optional: true,
                    hint: "Leave empty only for an action that cannot be undone, and tick the box below."),
                Input(IrreversibleBlock, "Irreversible", Checkbox("It cannot be undone"), optional: true))),
            SlackActions.Resolve => ($"Resolve {inc}", "Resolve", new JsonArray(
                Input(SummaryBlock, "What fixed it", TextInput(SlackCommandParser.MaxSummary, multiline: true, "Rolled back deploy 512; error rate normal for 15 min")))),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "not a form's action id"),
        };

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = form,
            ["private_metadata"] = new JsonObject { ["incident"] = number, ["channel"] = channel }.ToJsonString(),
            ["title"] = Plain(title.Length <= MaxTitle ? title : title[..title.IndexOf(' ', StringComparison.Ordinal)]),
            ["submit"] = Plain(submit),
            ["close"] = Plain("Cancel"),
            ["blocks"] = blocks,
        };
    }

    /// <summary>The incident and channel a form was opened for, from its private_metadata; null when it names no incident.</summary>
    public static (long Number, string? Channel)? ReadMetadata(string? metadata)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return null;
        }

        var (doc, _) = SlackJson.Parse(System.Text.Encoding.UTF8.GetBytes(metadata));
        using (doc)
        {
            if (doc is null || !doc.RootElement.TryGetProperty("incident", out var incident) || incident.ValueKind != JsonValueKind.Number
                || !incident.TryGetInt64(out var number) || number <= 0)
            {
                return null;
            }

            return (number, SlackJson.Text(doc.RootElement, "channel"));
        }
    }

    /// <summary>
    /// What a submitted form asks for, or the problems to show beside its inputs (block id → problem). Slack checks that
    /// required inputs are filled; this checks again, and everything else the command service would refuse as input.
    /// </summary>
    public static (SlackCommand? Command, IReadOnlyDictionary<string, string> Errors) Read(string form, long number, JsonElement values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Text(string block, int max, bool required, string missing)
        {
            var text = SlackJson.Object(values, block) is { } b && SlackJson.Object(b, Value) is { } input ? SlackJson.Text(input, "value")?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                if (required)
                {
                    errors[block] = missing;
                }

                return null;
            }

            if (text.Length > max)
            {
                errors[block] = $"At most {max} characters (this is {text.Length}).";
            }

            return text;
        }

        SlackCommand? command = null;
        switch (form)
        {
            case SlackActions.PostUpdate:
                var update = Text(TextBlock, SlackCommandParser.MaxUpdateText, required: true, "Write the update.");
                command = new SlackCommand(SlackCommandKind.Update, number, update);
                break;
            case SlackActions.AddNote:
                var note = Text(TextBlock, SlackCommandParser.MaxNoteText, required: true, "Write the note.");
                var chosen = SlackJson.Object(values, KindBlock) is { } k && SlackJson.Object(k, Value) is { } select
                    && SlackJson.Object(select, "selected_option") is { } option ? SlackJson.Text(option, "value") : null;
                var kind = NoteKinds.FirstOrDefault(n => n.Value == chosen);
                if (chosen is not null && kind.Value is null)
                {
                    errors[KindBlock] = "Choose one of the kinds offered.";
                }

                command = new SlackCommand(SlackCommandKind.Note, number, note, NoteKind: kind.Value is null ? NoteKind.Finding : kind.Kind);
                break;
            case SlackActions.RecordAction:
                var what = Text(WhatBlock, int.MaxValue, required: false, "");
                var why = Text(WhyBlock, int.MaxValue, required: false, "");
                var expect = Text(ExpectBlock, int.MaxValue, required: false, "");
                var undo = Text(UndoBlock, int.MaxValue, required: false, "");
                var irreversible = SlackJson.Object(values, IrreversibleBlock) is { } ib && SlackJson.Object(ib, Value) is { } box
                    && SlackJson.Array(box, "selected_options") is { } ticked && ticked.EnumerateArray().Any(o => SlackJson.Text(o, "value") == IrreversibleBlock);
                foreach (var (field, problem, _) in SlackCommandParser.CheckAction(what, why, expect, undo, irreversible))
                {
                    errors[field] = char.ToUpperInvariant(problem[0]) + problem[1..] + ".";
                }

                command = new SlackCommand(SlackCommandKind.Action, number,
                    Action: new SlackActionFields(what ?? "", why ?? "", expect ?? "", undo, irreversible));
                break;
            case SlackActions.Resolve:
                var summary = Text(SummaryBlock, SlackCommandParser.MaxSummary, required: true, "Say what fixed it.");
                command = new SlackCommand(SlackCommandKind.Resolve, number, summary);
                break;
        }

        return errors.Count > 0 ? (null, errors) : (command, errors);
    }

    private static JsonObject Input(string block, string label, JsonObject element, bool optional = false, string? hint = null)
    {
        var input = new JsonObject { ["type"] = "input", ["block_id"] = block, ["label"] = Plain(label), ["element"] = element, ["optional"] = optional };
        if (hint is not null)
        {
            input["hint"] = Plain(hint);
        }

        return input;
    }

    private static JsonObject TextInput(int maxLength, bool multiline, string placeholder) => new()
    {
        ["type"] = "plain_text_input",
        ["action_id"] = Value,
        ["multiline"] = multiline,
        ["max_length"] = maxLength,
        ["placeholder"] = Plain(placeholder),
    };

    private static JsonObject KindSelect()
    {
        JsonObject Option((string Value, string Label, NoteKind _) k) => new() { ["text"] = Plain(k.Label), ["value"] = k.Value };
        return new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = Value,
            ["options"] = new JsonArray([.. NoteKinds.Select(k => (JsonNode)Option(k))]),
            ["initial_option"] = Option(NoteKinds[0]),
        };
    }

    private static JsonObject Checkbox(string label) => new()
    {
        ["type"] = "checkboxes",
        ["action_id"] = Value,
        ["options"] = new JsonArray(new JsonObject { ["text"] = Plain(label), ["value"] = IrreversibleBlock }),
    };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}

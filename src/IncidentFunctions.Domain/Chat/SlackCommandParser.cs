using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Chat;

/// <summary>
/// Reads the text of "/incident": <c>[number] command [text]</c>. The number is optional (in an incident's channel the
/// channel names the incident) and may be written 42, #42 or INC-42; the command is case-insensitive; texts keep what
/// was typed (trimmed, Slack's escaping undone). The number alone asks for the status.
/// <list type="bullet">
/// <item>"ack", "lead" → <see cref="SlackCommandKind.Lead"/>; "esc", "escalate" → <see cref="SlackCommandKind.Escalate"/>;
/// "status" → <see cref="SlackCommandKind.Status"/> (these take no text; "ack 42" names the incident after the command too)</item>
/// <item>"update text", "note text", "resolve summary" (the text is required)</item>
/// <item>"action what; why: …; expect: …; undo: …", or "; irreversible" instead of the undo plan, clauses in any order after
/// what was done, separated by ';' or '|' (a ';' not followed by a clause name stays in the text)</item>
/// <item>"", "help" → <see cref="SlackCommandKind.Help"/>; anything else → <see cref="SlackCommandKind.Invalid"/> with what to write</item>
/// </list>
/// The limits are the API's for the same fields, so a command Slack takes is one the incident takes.
/// </summary>
public static partial class SlackCommandParser
{
    public const int MaxUpdateText = 1600;
    public const int MaxNoteText = 4000;
    public const int MaxSummary = 4000;
    public const int MaxActionField = 1000;

    public const string UpdateExample = "/incident update Rolled back deploy 512; error rate falling";
    public const string NoteExample = "/incident note Errors started right after deploy 512";
    public const string ResolveExample = "/incident resolve Rolled back deploy 512; error rate normal for 15 min";
    public const string ActionExample = "/incident action Scale checkout to 6 pods; why: CPU saturated; expect: p99 under 300 ms; undo: scale back to 3";

    /// <summary>The answer to "help": every command, how to write it.</summary>
    public static string Help { get; } = string.Join("\n",
        "/incident [number] command: in an incident's channel the number can be left out (42, #42 or INC-42).",
        "• ack (or lead): take the lead",
        "• esc: page the next tier now (help, once someone leads)",
        "• update <text>: a status update to the team",
        "• note <text>: a finding on the timeline",
        "• action <what>; why: <…>; expect: <…>; undo: <…> (or ; irreversible)",
        "• resolve <summary>",
        "• status: status, severity, lead and updates");

    private static readonly SearchValues<char> Separators = SearchValues.Create(";|");

    /// <param name="text">The command's text as Slack sends it ('&amp;', '&lt;' and '&gt;' escaped).</param>
    public static SlackCommand Parse(string? text)
    {
        var rest = SlackText.Unescape(text ?? "").Trim();
        var (word, after) = NextWord(rest);
        if (word.Length == 0)
        {
            return new SlackCommand(SlackCommandKind.Help);
        }

        long? number = null;
        if (NumberWord().IsMatch(word))
        {
            if (ReadNumber(word) is not long n)
            {
                return NotANumber(word);
            }

            number = n;
            (word, after) = NextWord(after);
            if (word.Length == 0)
            {
                return new SlackCommand(SlackCommandKind.Status, number);
            }
        }

        var verb = word.ToLowerInvariant();
        switch (verb)
        {
            case "help" or "?":
                return new SlackCommand(SlackCommandKind.Help, number);
            case "ack" or "lead" or "acknowledge":
                return Bare(SlackCommandKind.Lead, verb, number, after);
            case "esc" or "escalate":
                return Bare(SlackCommandKind.Escalate, verb, number, after);
            case "status":
                return Bare(SlackCommandKind.Status, verb, number, after);
            case "update":
                return WithText(SlackCommandKind.Update, number, after, MaxUpdateText, $"update needs the text: {UpdateExample}");
            case "note":
                return WithText(SlackCommandKind.Note, number, after, MaxNoteText, $"note needs the text: {NoteExample}");
            case "resolve":
                return WithText(SlackCommandKind.Resolve, number, after, MaxSummary, $"resolve needs a summary of what fixed it: {ResolveExample}");
            case "action":
                return ParseAction(number, after);
            default:
                return SlackCommand.Invalid($"'{Clip(word)}' is not a command; /incident help lists them.");
        }
    }

    /// <summary>
    /// Everything wrong with an action's fields, each with its field (what, why, expect, undo, irreversible) and whether
    /// it is missing: the command lists what is missing in one answer, the form shows each problem beside its input.
    /// </summary>
    public static IReadOnlyList<(string Field, string Problem, bool Missing)> CheckAction(string? what, string? why, string? expect, string? undo, bool irreversible)
    {
        var problems = new List<(string, string, bool)>();
        Require("what", what, "say what was done");
        Require("why", why, "say why it was done");
        Require("expect", expect, "say what effect you expect");
        if (string.IsNullOrWhiteSpace(undo) && !irreversible)
        {
            problems.Add(("undo", "say how to undo it, or that it cannot be undone (irreversible)", true));
        }
        else if (!string.IsNullOrWhiteSpace(undo) && irreversible)
        {
            problems.Add(("irreversible", "an action with an undo plan is not irreversible: give one or the other", false));
        }
        else if (undo is { Length: > MaxActionField })
        {
            problems.Add(("undo", $"at most {MaxActionField} characters", false));
        }

        return problems;

        void Require(string field, string? value, string missing)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add((field, missing, true));
            }
            else if (value.Length > MaxActionField)
            {
                problems.Add((field, $"at most {MaxActionField} characters", false));
            }
        }
    }

    private static SlackCommand ParseAction(long? number, string text)
    {
        string? what = null, why = null, expect = null, undo = null;
        var irreversible = false;
        string? current = null;
        var part = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? twice = null;

        void Close()
        {
            var value = part.ToString().Trim();
            switch (current)
            {
                case null: what = value; break;
                case "why": why = value; break;
                case "expect": expect = value; break;
                case "undo": undo = value; break;
            }

            part.Clear();
        }

        var pieces = Split(text);
        for (var i = 0; i < pieces.Count; i++)
        {
            var (separator, piece) = pieces[i];
            var clause = i == 0 ? null : Clause().Match(piece);
            if (clause is { Success: true })
            {
                Close();
                var name = clause.Groups["name"].Value.ToLowerInvariant() switch
                {
                    "why" => "why",
                    "undo" => "undo",
                    _ => "expect",
                };
                twice ??= seen.Add(name) ? null : name;
                current = name;
                part.Append(piece[clause.Length..]);
            }
            else if (i > 0 && piece.Trim().Equals("irreversible", StringComparison.OrdinalIgnoreCase))
            {
                Close();
                current = "irreversible";
                twice ??= seen.Add(current) ? null : current;
                irreversible = true;
            }
            else
            {
                // Not a clause: the separator was part of the text.
                if (i > 0)
                {
                    part.Append(separator);
                }

                part.Append(piece);
            }
        }

        Close();
        if (twice is not null)
        {
            return SlackCommand.Invalid($"action has {twice} twice; give each once: {ActionExample}");
        }

        var problems = CheckAction(what, why, expect, undo, irreversible);
        if (problems.Count > 0)
        {
            var missing = problems.Where(p => p.Missing).Select(p => p.Field).ToList();
            var detail = missing.Count > 0
                ? $"action needs {Words(missing)}: {ActionExample} (or ; irreversible instead of undo). The card's Record action button opens a form."
                : string.Join("; ", problems.Select(p => $"{p.Field}: {p.Problem}")) + ".";
            return SlackCommand.Invalid(detail);
        }

        return new SlackCommand(SlackCommandKind.Action, number,
            Action: new SlackActionFields(what!, why!, expect!, string.IsNullOrWhiteSpace(undo) ? null : undo, irreversible));
    }

    /// <summary>The text cut at every ';' or '|', each piece with the separator before it (none before the first).</summary>
    private static List<(char Separator, string Piece)> Split(string text)
    {
        var pieces = new List<(char, string)>();
        var start = 0;
        var separator = '\0';
        while (true)
        {
            var at = text.AsSpan(start).IndexOfAny(Separators);
            if (at < 0)
            {
                pieces.Add((separator, text[start..]));
                return pieces;
            }

            pieces.Add((separator, text[start..(start + at)]));
            separator = text[start + at];
            start += at + 1;
        }
    }

    private static SlackCommand Bare(SlackCommandKind kind, string verb, long? number, string after)
    {
        if (after.Length == 0)
        {
            return new SlackCommand(kind, number);
        }

        // "/incident ack 42": the number after the command, when it was not given before.
        var (word, rest) = NextWord(after);
        if (number is null && rest.Length == 0 && NumberWord().IsMatch(word))
        {
            return ReadNumber(word) is long n ? new SlackCommand(kind, n) : NotANumber(word);
        }

        return SlackCommand.Invalid($"{verb} takes no text: /incident {(number is long given ? Format(given) + " " : "")}{verb}");
    }

    private static SlackCommand WithText(SlackCommandKind kind, long? number, string text, int max, string missing)
    {
        if (text.Length == 0)
        {
            return SlackCommand.Invalid(missing);
        }

        return text.Length > max
            ? SlackCommand.Invalid($"{kind.ToString().ToLowerInvariant()} text is {text.Length} characters; at most {max} fit.")
            : new SlackCommand(kind, number, text);
    }

    private static SlackCommand NotANumber(string word) =>
        SlackCommand.Invalid($"'{Clip(word)}' is not an incident number: write 42, #42 or INC-42.");

    /// <summary>The first word, and the rest trimmed (its own line breaks kept).</summary>
    private static (string Word, string After) NextWord(string text)
    {
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return (text[..end], text[end..].Trim());
    }

    private static long? ReadNumber(string word)
    {
        var digits = word.TrimStart('#');
        if (digits.StartsWith("inc", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[3..].TrimStart('-');
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    private static string Words(IReadOnlyList<string> fields) =>
        fields.Count == 1 ? fields[0] : string.Join(", ", fields.Take(fields.Count - 1)) + " and " + fields[^1];

    private static string Format(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A word echoed back, kept short: the answer is about the command, not a copy of whatever was pasted.</summary>
    private static string Clip(string word) => word.Length <= 30 ? word : word[..29] + "…";

    [GeneratedRegex("^(#|inc-?)?[0-9]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberWord();

    [GeneratedRegex(@"^\s*(?<name>why|expect|expected|effect|undo)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clause();
}

using System.Globalization;
using CsCheck;
using IncidentFunctions.Domain.Chat;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Testing.Fuzz;

namespace IncidentFunctions.Domain.Tests.Chat;

public sealed class SlackCommandParserTests
{
    [Theory]
    [InlineData("ack", SlackCommandKind.Lead, null)]
    [InlineData("ACK", SlackCommandKind.Lead, null)]
    [InlineData("lead", SlackCommandKind.Lead, null)]
    [InlineData("42 ack", SlackCommandKind.Lead, 42L)]
    [InlineData("#42 lead", SlackCommandKind.Lead, 42L)]
    [InlineData("INC-42 ack", SlackCommandKind.Lead, 42L)]
    [InlineData("inc42 ack", SlackCommandKind.Lead, 42L)]
    [InlineData("ack 42", SlackCommandKind.Lead, 42L)]
    [InlineData("ack #42", SlackCommandKind.Lead, 42L)]
    [InlineData("  42\tack  ", SlackCommandKind.Lead, 42L)]
    [InlineData("esc", SlackCommandKind.Escalate, null)]
    [InlineData("escalate", SlackCommandKind.Escalate, null)]
    [InlineData("7 esc", SlackCommandKind.Escalate, 7L)]
    [InlineData("status", SlackCommandKind.Status, null)]
    [InlineData("42", SlackCommandKind.Status, 42L)]
    [InlineData("INC-42", SlackCommandKind.Status, 42L)]
    [InlineData("status INC-42", SlackCommandKind.Status, 42L)]
    [InlineData("", SlackCommandKind.Help, null)]
    [InlineData("   ", SlackCommandKind.Help, null)]
    [InlineData("help", SlackCommandKind.Help, null)]
    [InlineData("Help me", SlackCommandKind.Help, null)]
    [InlineData("9223372036854775807 ack", SlackCommandKind.Lead, long.MaxValue)]
    public void A_command_without_text_names_its_kind_and_maybe_its_incident(string text, SlackCommandKind kind, long? number)
    {
        Assert.Equal(new SlackCommand(kind, number), SlackCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("update Rolled back deploy 512", SlackCommandKind.Update, null, "Rolled back deploy 512")]
    [InlineData("42 update   Rolled back; watching  ", SlackCommandKind.Update, 42L, "Rolled back; watching")]
    [InlineData("#42 UPDATE line one\nline two", SlackCommandKind.Update, 42L, "line one\nline two")]
    [InlineData("note errors began at 10:02", SlackCommandKind.Note, null, "errors began at 10:02")]
    [InlineData("INC-9 note a &lt; b &amp;&amp; c &gt; d", SlackCommandKind.Note, 9L, "a < b && c > d")]
    [InlineData("resolve Rolled back deploy 512", SlackCommandKind.Resolve, null, "Rolled back deploy 512")]
    [InlineData("note 42 is the answer", SlackCommandKind.Note, null, "42 is the answer")]
    public void Texts_are_kept_as_typed(string text, SlackCommandKind kind, long? number, string expected)
    {
        Assert.Equal(new SlackCommand(kind, number, expected), SlackCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("update", "update needs the text: /incident update Rolled back deploy 512")]
    [InlineData("42 note   ", "note needs the text: /incident note")]
    [InlineData("resolve", "resolve needs a summary")]
    [InlineData("ack now please", "ack takes no text: /incident ack")]
    [InlineData("42 esc it", "esc takes no text: /incident 42 esc")]
    [InlineData("ack 0", "'0' is not an incident number: write 42, #42 or INC-42.")]
    [InlineData("#0 ack", "'#0' is not an incident number")]
    [InlineData("99999999999999999999 ack", "is not an incident number")]
    [InlineData("reboot the world", "'reboot' is not a command; /incident help lists them.")]
    [InlineData("42 42 ack", "'42' is not a command")]
    [InlineData("action", "action needs what, why, expect and undo: /incident action Scale checkout to 6 pods; why:")]
    [InlineData("action restart checkout pods", "action needs why, expect and undo:")]
    [InlineData("action restart pods; why: OOM; expect: no restarts", "action needs undo:")]
    [InlineData("action restart pods; why: OOM; expect: calm; undo: none; irreversible", "undo plan is not irreversible")]
    [InlineData("action restart pods; why: OOM; why: again; expect: calm; undo: redeploy", "action has why twice")]
    public void A_command_that_cannot_be_taken_says_what_to_write(string text, string error)
    {
        var parsed = SlackCommandParser.Parse(text);

        Assert.Equal(SlackCommandKind.Invalid, parsed.Kind);
        Assert.Contains(error, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_longer_than_the_API_takes_is_refused_with_its_length()
    {
        var parsed = SlackCommandParser.Parse("update " + new string('x', SlackCommandParser.MaxUpdateText + 1));

        Assert.Equal(SlackCommand.Invalid("update text is 1601 characters; at most 1600 fit."), parsed);
    }

    [Fact]
    public void An_action_carries_what_the_API_asks_for_in_any_order_of_clauses()
    {
        var parsed = SlackCommandParser.Parse("42 action Scale checkout to 6 pods | undo: scale back to 3; WHY: CPU saturated; expected: p99 under 300 ms");

        Assert.Equal(new SlackCommand(SlackCommandKind.Action, 42,
            Action: new SlackActionFields("Scale checkout to 6 pods", "CPU saturated", "p99 under 300 ms", "scale back to 3", false)), parsed);
    }

    [Fact]
    public void An_irreversible_action_says_so_instead_of_an_undo_plan_and_separators_in_texts_stay()
    {
        var parsed = SlackCommandParser.Parse("action Drop cache; all of it | both regions; why: stale reads; a; b; effect: fresh reads; Irreversible");

        Assert.Equal(new SlackActionFields("Drop cache; all of it | both regions", "stale reads; a; b", "fresh reads", null, true), parsed.Action);
    }

    [Fact]
    public void Help_names_every_command()
    {
        foreach (var word in new[] { "ack", "esc", "update", "note", "action", "resolve", "status", "irreversible", "INC-42" })
        {
            Assert.Contains(word, SlackCommandParser.Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Action_checks_name_each_field_the_form_shows()
    {
        Assert.Equal([("what", "say what was done", true), ("why", "say why it was done", true), ("expect", "say what effect you expect", true),
            ("undo", "say how to undo it, or that it cannot be undone (irreversible)", true)], SlackCommandParser.CheckAction(" ", null, "", null, false));
        Assert.Equal([("why", "at most 1000 characters", false)], SlackCommandParser.CheckAction("a", new string('x', 1001), "c", null, true));
        Assert.Equal([("irreversible", "an action with an undo plan is not irreversible: give one or the other", false)],
            SlackCommandParser.CheckAction("a", "b", "c", "d", true));
        Assert.Empty(SlackCommandParser.CheckAction("a", "b", "c", "d", false));
    }

    [Theory]
    [InlineData("1765000000.000100", 1765000000L, 100)]
    [InlineData("1765000000.5", 1765000000L, 500_000)]
    [InlineData("1765000000", 1765000000L, 0)]
    public void Slack_timestamps_read_to_the_microsecond(string ts, long seconds, int micros)
    {
        Assert.True(SlackTimestamp.TryParse(ts, out var at));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L), at);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1765000000.")]
    [InlineData("1765000000.1234567")]
    [InlineData("-1.000100")]
    [InlineData("999999999999.000000")]
    public void Anything_else_is_not_a_Slack_timestamp(string? ts)
    {
        Assert.False(SlackTimestamp.TryParse(ts, out _));
    }

    [Fact]
    public void Slack_escaping_round_trips()
    {
        Gen.String.Sample(text => Assert.Equal(text, SlackText.Unescape(SlackText.Escape(text))),
            seed: FuzzScale.Seed, iter: FuzzScale.Iterations(2_000, 200_000), threads: 1);
        Assert.Equal("&lt;!channel&gt; &amp; &lt;@U1&gt;", SlackText.Escape("<!channel> & <@U1>"));
    }

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Any_text_parses_to_a_command_or_an_error_and_never_throws()
    {
        var word = Gen.OneOf(Gen.Const("ack"), Gen.Const("esc"), Gen.Const("update"), Gen.Const("note"), Gen.Const("action"), Gen.Const("resolve"),
            Gen.Const("status"), Gen.Const("help"), Gen.Const("#42"), Gen.Const("INC-"), Gen.Const("0"), Gen.Const("99999999999999999999"), Gen.Const("why:"),
            Gen.Const("undo:"), Gen.Const("irreversible"), Gen.Const(";"), Gen.Const("|"), Gen.Const("&lt;"), Gen.Const("&amp;"), Gen.Const("\n"),
            Gen.Const("\ud800"), Gen.String[0, 12]);
        var text = Gen.Frequency((4, word.Array[0, 12].Select(w => string.Join(' ', w))), (1, Gen.String), (1, Gen.Const(new string('x', 5_000))));

        text.Sample(t =>
        {
            var parsed = SlackCommandParser.Parse(t);
            Assert.True(Enum.IsDefined(parsed.Kind), parsed.ToString());
            Assert.Equal(parsed.Kind == SlackCommandKind.Invalid, parsed.Error is { Length: > 0 });
            Assert.False(parsed.IncidentNumber is <= 0, $"incident number {parsed.IncidentNumber} from '{t}'");
            switch (parsed.Kind)
            {
                case SlackCommandKind.Update:
                    Assert.InRange(parsed.Text!.Trim().Length, 1, SlackCommandParser.MaxUpdateText);
                    break;
                case SlackCommandKind.Note or SlackCommandKind.Resolve:
                    Assert.InRange(parsed.Text!.Trim().Length, 1, SlackCommandParser.MaxNoteText);
                    break;
                case SlackCommandKind.Action:
                    var a = parsed.Action!;
                    Assert.Empty(SlackCommandParser.CheckAction(a.What, a.Why, a.ExpectedEffect, a.Undo, a.Irreversible));
                    break;
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(5_000, 500_000), threads: 1, print: t => $"'{t}'");
    }

    [Fact]
    [Trait("Category", "Fuzz")]
    public void An_update_or_note_comes_back_as_typed_for_any_number_spelling_and_text()
    {
        var numbers = Gen.Long[1, long.MaxValue];
        var spelling = Gen.OneOf(Gen.Const("{0}"), Gen.Const("#{0}"), Gen.Const("INC-{0}"), Gen.Const("inc{0}"));
        // Texts as a person types them: Slack escapes them on the way, the parser gives back what was typed (trimmed).
        var typed = Gen.String[1, 200].Where(s => s.Trim().Length > 0).Select(s => s.Trim());
        var verb = Gen.OneOf(Gen.Const((Word: "update", Kind: SlackCommandKind.Update)), Gen.Const((Word: "NOTE", Kind: SlackCommandKind.Note)),
            Gen.Const((Word: "Resolve", Kind: SlackCommandKind.Resolve)));

        Gen.Select(numbers, spelling, verb, typed).Sample((n, form, v, text) =>
        {
            var number = string.Format(CultureInfo.InvariantCulture, form, n);
            var parsed = SlackCommandParser.Parse($"{number} {v.Word} {SlackText.Escape(text)}");

            Assert.Equal(new SlackCommand(v.Kind, n, text), parsed);
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(3_000, 300_000), threads: 1);
    }

    [Fact]
    public void A_note_from_a_command_is_a_finding()
    {
        Assert.Equal(NoteKind.Finding, SlackCommandParser.Parse("note disk full").NoteKind);
    }
}

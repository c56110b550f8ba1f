using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using static IncidentFunctions.Domain.Tests.Postmortems.PostmortemFactsBuilder;

namespace IncidentFunctions.Domain.Tests.Postmortems;

public class PostmortemMarkdownTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private static string Render(PostmortemFactsBuilder facts) => PostmortemMarkdown.Render(PostmortemDrafter.Draft(facts.Build(), Now));

    [Fact]
    public void The_document_has_every_section_heading_in_order()
    {
        var markdown = Render(new PostmortemFactsBuilder());

        string[] headings =
        [
            "# INC 42 post-mortem: Checkout latency high\n",
            "\n## Summary\n",
            "\n## Impact\n",
            "\n## Detection\n",
            "\n## Timeline\n",
            "\n## Actions taken\n",
            "\n## What went well\n",
            "\n## What to change\n",
            "\n## Lessons\n",
            "\n## Action items\n",
        ];
        var positions = headings.Select(h => markdown.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.StartsWith(headings[0], markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Impact_is_a_table_with_durations()
    {
        var markdown = Render(new PostmortemFactsBuilder().With(f => f with { FirstAlertStartsAt = T0.AddMinutes(-5) }));

        Assert.Contains("| Severity | SEV2 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Started | 2025-03-01 09:55:00 UTC |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to detect | 5 min |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to acknowledge | 3 min |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to resolve | 1 h |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Impact duration | 1 h 5 min |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Scope | not assessed |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_is_a_table_in_utc()
    {
        var plusTwo = TimeSpan.FromHours(2);
        var markdown = Render(new PostmortemFactsBuilder().WithTimeline(
            new TimelineEntry(42, At(7).ToOffset(plusTwo), TimelineEntryKind.Escalated, "system", "Escalated to tier 2", "esc")));

        Assert.Contains("| Time (UTC) | Who | What |\n|---|---|---|\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2025-03-01 10:07:00 | system | Escalated to tier 2 |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipes_and_line_breaks_in_user_text_do_not_break_the_tables()
    {
        var markdown = Render(new PostmortemFactsBuilder()
            .WithTimeline(Entry(7, TimelineEntryKind.Escalated, "ops|bot", "Queue a|b\nfull"))
            .With(f => f with
            {
                Scope = new IncidentScope(["checkout"], null, null, true, "EU | US", At(5), "Alice"),
                Alerts = [new AlertFacts("grafana", "CPU | memory", "k", 2, T0, At(2))],
            }));

        Assert.Contains("| 2025-03-01 10:07:00 | ops\\|bot | Queue a\\|b full |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Scope notes | EU \\| US |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| CPU \\| memory | grafana | 2 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Actions_show_why_expected_effect_undo_and_outcome()
    {
        var markdown = Render(new PostmortemFactsBuilder().UnconfirmedAction(irreversible: true));

        Assert.Contains("1. **Rolled back to 2025.02.7** (Alice, 2025-03-01 10:30:00 UTC)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("   - Undo: Redeploy 2025.03.1\n", markdown, StringComparison.Ordinal);
        Assert.Contains("   - Outcome: worked: p99 at 180 ms (Alice, 2025-03-01 10:40:00 UTC)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("   - Undo: irreversible\n", markdown, StringComparison.Ordinal);
        Assert.Contains("   - Outcome: unconfirmed\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Action_items_are_a_checklist_with_owner_and_due_date()
    {
        var draft = PostmortemDrafter.Draft(new PostmortemFactsBuilder().WithoutPlaybook().Build(), Now);
        var edited = draft.WithSections(new PostmortemEdit
        {
            ActionItems = [.. draft.ActionItems, new ActionItem("Add a cache health check", "Bob", At(60).AddDays(10), "", ActionItem.Manual, Done: true)],
        });

        var markdown = PostmortemMarkdown.Render(edited);

        Assert.Contains(
            "- [ ] Write a playbook for \"Checkout latency high\" — owner: Alice, due 2025-03-08 — No playbook existed for this alert _(suggested)_\n",
            markdown,
            StringComparison.Ordinal);
        Assert.Contains("- [x] Add a cache health check — owner: Bob, due 2025-03-11\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompts_are_listed_under_their_headings()
    {
        var markdown = Render(new PostmortemFactsBuilder().Updates(posted: 5, late: 2));

        Assert.Contains("## What to change\n\n- 2 of 5 updates were late\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Lessons\n\n- Acknowledged 2 min after the first page\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_sections_say_so()
    {
        var markdown = Render(new PostmortemFactsBuilder().With(f => f with { Actions = [] }));

        Assert.Contains("## Actions taken\n\n_No actions were recorded._\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## What to change\n\n_Nothing noted yet._\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Action items\n\n_None yet._\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_completed_post_mortem_says_who_completed_it_and_when()
    {
        var completed = PostmortemDrafter.Draft(new PostmortemFactsBuilder().Build(), Now).Complete("Carol", Now.AddDays(2));

        Assert.Contains("- **Status:** Completed by Carol on 2025-03-04 10:00:00 UTC\n", PostmortemMarkdown.Render(completed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_with_a_line_break_stays_in_the_heading()
    {
        var markdown = Render(new PostmortemFactsBuilder().With(f => f with { Title = "Checkout\nlatency" }));

        Assert.StartsWith("# INC 42 post-mortem: Checkout latency\n", markdown, StringComparison.Ordinal);
    }
}

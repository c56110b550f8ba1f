using IncidentFunctions.Domain.Postmortems;
using static IncidentFunctions.Domain.Tests.Postmortems.PostmortemFactsBuilder;

namespace IncidentFunctions.Domain.Tests.Postmortems;

public class PostmortemEditTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private static Postmortem Draft() => PostmortemDrafter.Draft(new PostmortemFactsBuilder().WithoutPlaybook().Build(), Now);

    private static ActionItem Item(string title = "Add a cache health check", string owner = "Bob", string source = ActionItem.Manual) =>
        new(title, owner, At(60).AddDays(10), "Found in review", source, Done: false);

    [Fact]
    public void An_edit_replaces_the_sections_it_sets_and_keeps_the_others()
    {
        var draft = Draft();

        var edited = draft.WithSections(new PostmortemEdit { Summary = "Cache disabled by a release.", Lessons = ["Feature flags need owners"] });

        Assert.Equal("Cache disabled by a release.", edited.Summary);
        Assert.Equal(["Feature flags need owners"], edited.Lessons);
        Assert.Same(draft.WentWell, edited.WentWell);
        Assert.Same(draft.ToChange, edited.ToChange);
        Assert.Same(draft.ActionItems, edited.ActionItems);
        Assert.Same(draft.Timeline, edited.Timeline);
        Assert.Equal(PostmortemStatus.Draft, edited.Status);
    }

    [Fact]
    public void An_edit_can_empty_a_list_section()
    {
        var edited = Draft().WithSections(new PostmortemEdit { ActionItems = [] });

        Assert.Empty(edited.ActionItems);
    }

    [Fact]
    public void Completing_records_who_and_when()
    {
        var completed = Draft().Complete(" Carol ", Now.AddDays(2));

        Assert.Equal(PostmortemStatus.Completed, completed.Status);
        Assert.Equal("Carol", completed.CompletedBy);
        Assert.Equal(Now.AddDays(2), completed.CompletedAt);
    }

    [Fact]
    public void A_completed_post_mortem_refuses_edits_with_a_message_for_the_responder()
    {
        var completed = Draft().Complete("Carol", Now.AddDays(2));

        var error = Assert.Throws<PostmortemException>(() => completed.WithSections(new PostmortemEdit { Summary = "late change" }));

        Assert.Equal("The post-mortem of INC 42 was completed by Carol on 2025-03-04 and cannot be edited.", error.Message);
        Assert.Empty(error.Problems);
    }

    [Fact]
    public void Completing_twice_is_refused()
    {
        var completed = Draft().Complete("Carol", Now.AddDays(2));

        var error = Assert.Throws<PostmortemException>(() => completed.Complete("Dave", Now.AddDays(3)));

        Assert.Equal("The post-mortem of INC 42 was completed by Carol on 2025-03-04 and cannot be completed again.", error.Message);
    }

    [Fact]
    public void Completing_needs_a_name()
    {
        Assert.Throws<PostmortemException>(() => Draft().Complete("  ", Now));
    }

    [Fact]
    public void An_edit_with_problems_is_refused_and_names_every_problem()
    {
        var draft = Draft();

        var error = Assert.Throws<PostmortemException>(() => draft.WithSections(new PostmortemEdit
        {
            Summary = "fine",
            ActionItems = [Item(owner: " ")],
            Lessons = [""],
        }));

        Assert.Equal(["lessons[0]", "actionItems[0].owner"], error.Problems.Select(p => p.Field));
        Assert.StartsWith("The post-mortem of INC 42 was not changed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_edit_has_no_problems()
    {
        var edit = new PostmortemEdit
        {
            Summary = new string('s', PostmortemEditValidator.MaxSummaryLength),
            WentWell = ["Fast rollback"],
            ToChange = ["Page the database team too"],
            Lessons = ["Flags need owners"],
            ActionItems = [Item(), Item(source: ActionItem.Suggested) with { Reason = "" }],
        };

        Assert.Empty(PostmortemEditValidator.Validate(edit));
        Assert.Empty(PostmortemEditValidator.Validate(new PostmortemEdit()));
    }

    [Fact]
    public void A_summary_over_20000_characters_is_a_problem()
    {
        var problem = Assert.Single(PostmortemEditValidator.Validate(new PostmortemEdit { Summary = new string('s', 20_001) }));

        Assert.Equal(new PostmortemProblem("summary", "is 20,001 characters; the most is 20,000"), problem);
    }

    [Fact]
    public void An_empty_summary_is_a_problem()
    {
        var problem = Assert.Single(PostmortemEditValidator.Validate(new PostmortemEdit { Summary = "  " }));

        Assert.Equal("summary", problem.Field);
    }

    [Fact]
    public void Every_action_item_problem_is_named_by_its_path()
    {
        var problems = PostmortemEditValidator.Validate(new PostmortemEdit
        {
            ActionItems =
            [
                Item(),
                new ActionItem("", "", default, new string('r', 2_001), "later", Done: false),
                null!,
            ],
        });

        Assert.Equal(
            ["actionItems[1].title", "actionItems[1].owner", "actionItems[1].reason", "actionItems[1].dueBy", "actionItems[1].source", "actionItems[2]"],
            problems.Select(p => p.Field));
        Assert.Equal("must not be empty", problems[1].Message);
    }

    [Fact]
    public void Empty_or_overlong_list_entries_are_problems()
    {
        var problems = PostmortemEditValidator.Validate(new PostmortemEdit
        {
            WentWell = ["ok", " "],
            ToChange = [new string('t', 2_001)],
            Lessons = [.. Enumerable.Repeat("l", 101)],
        });

        Assert.Equal(["wentWell[1]", "toChange[0]", "lessons"], problems.Select(p => p.Field));
    }

    [Fact]
    public void An_overlong_action_item_title_or_owner_is_a_problem()
    {
        var problems = PostmortemEditValidator.Validate(new PostmortemEdit
        {
            ActionItems = [Item(title: new string('t', 201), owner: new string('o', 101))],
        });

        Assert.Equal(["actionItems[0].title", "actionItems[0].owner"], problems.Select(p => p.Field));
    }
}

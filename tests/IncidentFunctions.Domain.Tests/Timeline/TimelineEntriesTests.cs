using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Tests.Timeline;

/// <summary>
/// The entries' data is what is stored and what the event stream carries: each typed record writes the names and
/// spellings they have always had, and the keys that make writes idempotent stay the same for the same fact.
/// </summary>
public sealed class TimelineEntriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_update_names_its_audiences_lateness_and_public_words()
    {
        var update = new StatusUpdate("u1", T0, "Alice", "Rolling back", [UpdateAudience.Team, UpdateAudience.Users], T0.AddMinutes(30), null, true, "Checkout slow", "Some payments fail");

        var entry = TimelineEntries.UpdatePosted(42, update);

        Assert.Equal((TimelineEntryKind.UpdatePosted, "Alice", "update:u1", "Update to team, users (late): Rolling back"), (entry.Kind, entry.Actor, entry.Key, entry.Summary));
        Assert.Equal(new Dictionary<string, string>
        {
            ["audiences"] = "Team,Users", ["late"] = "true", ["nextUpdateBy"] = "2026-11-24T10:30:00.0000000+00:00",
            ["publicTitle"] = "Checkout slow", ["impact"] = "Some payments fail",
        }, entry.Data);
        Assert.Equal(["team", "users"], UpdatePostedDetails.AudiencesIn(entry.Data!));
    }

    [Fact]
    public void A_page_carries_its_tier_recipient_and_provider_id()
    {
        var details = new SendDetails("Alice", SendReason.ForTier(2)) { Attempts = 1, Sid = "SM1" };

        var entry = TimelineEntries.Sent(42, T0, TimelineEntryKind.PageSent, "Paged Alice (tier 2)", "page:1:0:s1:Alice", details);

        Assert.Equal(new Dictionary<string, string> { ["tier"] = "2", ["to"] = "Alice", ["attempts"] = "1", ["sid"] = "SM1" }, entry.Data);
        Assert.Equal(("system", "page:1:0:s1:Alice"), (entry.Actor, entry.Key));
    }

    [Fact]
    public void Failed_sends_say_why_in_the_words_and_fields_they_always_had()
    {
        var details = new SendDetails("Bob", SendReason.Telling("Resolved")) { Attempts = 3 };

        var rejected = TimelineEntries.SendRejected(42, T0, "Text", "SMS provider", "notify:Resolved:Bob", details with { ErrorCode = 21211, Error = "invalid number" });
        var retrying = TimelineEntries.SendRetrying(42, T0, "Text", "SMS provider", "notify:Resolved:Bob", T0.AddSeconds(-2), details with { HttpStatus = 503 });

        Assert.Equal("Text to Bob rejected by the SMS provider (21211: invalid number)", rejected.Summary);
        Assert.Equal(("notify:Resolved:Bob:failed", "21211", "invalid number", "Resolved"), (rejected.Key, rejected.Data!["errorCode"], rejected.Data["error"], rejected.Data["about"]));
        Assert.Equal("Text to Bob not accepted by the SMS provider after 3 attempt(s) (HTTP 503); will try again", retrying.Summary);
        Assert.Equal(("true", "503", ""), (retrying.Data!["transient"], retrying.Data["httpStatus"], retrying.Data["errorCode"]));
        Assert.Equal($"notify:Resolved:Bob:retry:{T0.AddSeconds(-2).UtcTicks}", retrying.Key);
    }

    [Fact]
    public void A_refusal_without_a_code_and_a_mail_server_s_reply_read_plainly()
    {
        var details = new SendDetails("Lee", SendReason.Telling("LeadershipSev1")) { Attempts = 1 };

        var rejected = TimelineEntries.SendRejected(42, T0, "Email", "email channel", "notify:s1:Lee:email", details with { Error = "no mail server is configured (Email:Host)" });
        var retrying = TimelineEntries.SendRetrying(42, T0, "Email", "mail server", "notify:s1:Lee:email", T0, details with { ErrorCode = 421 });

        Assert.Equal("Email to Lee rejected by the email channel (no mail server is configured (Email:Host))", rejected.Summary);
        Assert.Equal("Email to Lee not accepted by the mail server after 1 attempt(s) (reply 421); will try again", retrying.Summary);
    }

    [Fact]
    public void The_same_alert_has_the_same_key_whatever_its_title()
    {
        var alert = new NormalizedAlert { Format = "alertmanager", DedupKey = "fp-1", Title = "Disk full", Severity = AlertSeverity.Critical, Status = AlertStatus.Firing };

        var first = TimelineEntries.AlertReceived(42, T0, alert);
        var again = TimelineEntries.AlertReceived(42, T0, alert with { Title = "Disk 99% full" });

        Assert.Equal(first.Key, again.Key);
        Assert.Matches("^alert:[0-9a-f]{16}$", first.Key);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "alertmanager", ["dedupKey"] = "fp-1", ["severity"] = "Critical" }, first.Data);
        Assert.Equal("integration:alertmanager", first.Actor);
    }

    [Fact]
    public void A_note_names_its_kind_and_only_a_note_from_the_incident_channel_says_where_it_came_from()
    {
        var note = new IncidentNote("n1", T0, "Alice", NoteKind.RootCause, "disk full");

        var fromApi = TimelineEntries.Note(42, note);
        var fromSlack = TimelineEntries.Note(42, note, via: "slack");

        Assert.Equal((TimelineEntryKind.Note, "Alice", "note:n1", "Root cause: disk full"), (fromApi.Kind, fromApi.Actor, fromApi.Key, fromApi.Summary));
        Assert.Equal(new Dictionary<string, string> { ["kind"] = "RootCause" }, fromApi.Data);
        Assert.Equal(new Dictionary<string, string> { ["kind"] = "RootCause", ["via"] = "slack" }, fromSlack.Data);
        Assert.Equal(fromApi.Key, fromSlack.Key);
    }

    [Fact]
    public void Only_agenda_kinds_are_reminders_and_only_sends_are_sent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineEntries.Reminder(1, T0, TimelineEntryKind.Resolved, "x", "k"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineEntries.Sent(1, T0, TimelineEntryKind.Note, "x", "k", new SendDetails("Alice")));
    }
}

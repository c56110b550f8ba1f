using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using MimeKit;
using static IncidentFunctions.Application.Tests.Notifications.Email.EmailTestData;

namespace IncidentFunctions.Application.Tests.Notifications.Email;

public sealed class EmailComposerTests
{
    private static readonly MailboxAddress From = new("Incidents", "incidents@alerts.example.com");
    private const string Url = "https://incidents.example.com/console/incidents/42";

    [Fact]
    public void The_subject_names_the_incident_its_severity_and_service()
    {
        var mail = EmailComposer.Compose(Notice(), From, Url);

        Assert.Equal("[INC 42] SEV2 checkout: Checkout 5xx above 2%", mail.Subject);
        Assert.Equal("incidents@alerts.example.com", Assert.Single(mail.From.Mailboxes).Address);
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal(("Lee", "lee@example.com"), (to.Name, to.Address));
        Assert.Equal(T0, mail.Date);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void A_long_or_multi_line_title_is_one_clipped_line_in_the_subject()
    {
        var subject = EmailComposer.Subject(Subject("Disk full\r\non db-1\t" + new string('x', 300)));

        Assert.DoesNotContain('\n', subject);
        Assert.StartsWith("[INC 42] SEV2 checkout: Disk full on db-1 xxx", subject, StringComparison.Ordinal);
        Assert.EndsWith("…", subject, StringComparison.Ordinal);
        Assert.Equal("[INC 42] SEV2 checkout: ".Length + 120, subject.Length);
    }

    [Fact]
    public void Every_mail_of_an_incident_refers_to_one_thread_and_has_an_id_of_its_own()
    {
        var first = EmailComposer.Compose(Notice(), From, Url);
        var second = EmailComposer.Compose(Notice("INC 42 update from Alice: rolled back.") with { IdempotencyKey = "notify:UpdatePosted:u1:Lee:email" }, From, Url);
        var page = EmailComposer.Compose(Page(), From, Url);

        const string Thread = "incident-42.20261124T095700Z@alerts.example.com";
        Assert.All([first, second, page], m =>
        {
            Assert.Equal(Thread, m.InReplyTo);
            Assert.Equal([Thread], m.References);
            Assert.Equal(first.Subject, m.Subject);
        });
        Assert.Equal(3, new[] { first.MessageId, second.MessageId, page.MessageId }.Distinct().Count());
        Assert.Matches("^incident-42\\.[0-9a-f]{32}@alerts\\.example\\.com$", first.MessageId);
    }

    [Fact]
    public void The_same_request_composes_the_same_ids_so_a_resend_is_the_same_message()
    {
        var once = EmailComposer.Compose(Notice(), From, Url);
        var again = EmailComposer.Compose(Notice(), From, Url);

        Assert.Equal((once.MessageId, once.InReplyTo), (again.MessageId, again.InReplyTo));
    }

    [Fact]
    public void Incident_42_of_a_reset_deployment_gets_ids_of_its_own()
    {
        var earlier = Notice();
        var later = earlier with { Subject = earlier.Subject! with { OpenedAt = OpenedAt.AddDays(30) } };

        Assert.NotEqual(EmailComposer.MessageId(earlier, "x.example"), EmailComposer.MessageId(later, "x.example"));
        Assert.NotEqual(EmailComposer.ThreadId(earlier.Subject, "x.example"), EmailComposer.ThreadId(later.Subject, "x.example"));
    }

    [Fact]
    public void A_page_links_to_the_console_to_acknowledge_in_both_parts()
    {
        var mail = EmailComposer.Compose(Page(), From, Url);

        Assert.StartsWith(Page().Text, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Acknowledge in the console: " + Url, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Url}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(">Acknowledge in the console</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("answer in the console or by text message", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notification_links_to_the_incident_and_says_replies_are_not_read()
    {
        var mail = EmailComposer.Compose(Notice(), From, Url);

        Assert.Contains("Open in the console: " + Url, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("INC 42 · SEV2 · checkout", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Replies to this email are not read.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Acknowledge", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_console_s_address_the_mail_names_the_console_without_a_link()
    {
        var mail = EmailComposer.Compose(Page(), From, incidentUrl: null);

        Assert.Contains("Open INC 42 in the incident console.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_part_escapes_what_alerts_and_people_wrote()
    {
        var request = Notice("Told: <b>bold</b> & \"quoted\"") with { Subject = Subject("<script>alert(1)</script> on <img src=x onerror=y>") };

        var mail = EmailComposer.Compose(request, From, Url);

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp;", mail.HtmlBody, StringComparison.Ordinal);
        // The plain-text part keeps the words as they are.
        Assert.Contains("<script>alert(1)</script>", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeat_note_is_in_both_parts()
    {
        var request = Notice() with { Subject = Subject() with { RepeatNote = "Repeat of INC 17 (3 days ago)" } };

        var mail = EmailComposer.Compose(request, From, Url);

        Assert.Contains("Repeat of INC 17 (3 days ago)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Repeat of INC 17 (3 days ago)", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_request_for_an_email_method_is_composed()
    {
        var texted = Notice() with { Via = null };

        Assert.Throws<ArgumentException>(() => EmailComposer.Compose(texted, From, Url));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// Tells the config's admins that the pipeline is degraded (or recovered), through every medium the condition does not
/// break: mail to their addresses, texts to their phones, the Slack announcements channel, the Teams webhook. The
/// event stream is told by <see cref="PipelineHealth"/> itself.
/// <para>
/// It talks to the senders directly, not through the Notifier and its ledger: those are about incidents and pages, and
/// their ledger is in storage, which may be the broken thing. Each (occurrence, phase, medium, recipient) is claimed in
/// <see cref="HealthStore"/> before it is sent and the claim given back when it did not go, so retries, the pipeline
/// watch's re-tries and several instances tell each admin once. Without storage (storage-unreachable) there are no
/// claims: each instance tells once from memory.
/// </para>
/// Never throws for a medium that fails: the send that noticed the condition must not fail for it.
/// </summary>
public sealed partial class PipelineAlerts(
    IncidentConfigProvider config,
    HealthStore store,
    IEmailSender email,
    IOptions<EmailOptions> emailOptions,
    ISmsSender sms,
    IOptions<SlackOptions> slackOptions,
    IOptions<TeamsOptions> teamsOptions,
    IServiceProvider services,
    ILogger<PipelineAlerts> log)
{
    public const string Email = "email";
    public const string Sms = "SMS";
    public const string Slack = "Slack";
    public const string Teams = "Teams";

    /// <summary>
    /// Tells every admin on every working medium, at most once per occurrence; returns the media that carried it (now
    /// or on an earlier pass), as the timeline says it: "email", "SMS", "Slack", "Teams".
    /// </summary>
    /// <param name="recoveredAt">Null: the condition began; else when it ended.</param>
    /// <param name="claims">False when storage is the broken thing: this instance's memory is all there is.</param>
    public async Task<IReadOnlyList<string>> TellAsync(PipelineCondition condition, DateTimeOffset? recoveredAt, bool claims, CancellationToken ct)
    {
        var broken = PipelineConditions.Breaks(condition.Name);
        var phase = recoveredAt is null ? "degraded" : "recovered";
        var text = recoveredAt is { } at
            ? $"IncidentFunctions recovered ({condition.Name}) after {Span(at - condition.Since)}: {PipelineConditions.What(condition.Name)} works again."
            : $"IncidentFunctions degraded ({condition.Name}) since {condition.Since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC: {condition.Reason}";
        var told = new List<string>();
        var admins = config.Current.Admins;

        async Task MediumAsync(string medium, IEnumerable<(string Recipient, Func<Task<bool>> Send)> sends)
        {
            var any = false;
            foreach (var (recipient, send) in sends)
            {
                any |= await OnceAsync($"{condition.Name}|{condition.Since.UtcTicks}|{phase}|{medium}|{recipient}", claims, send, medium, ct);
            }

            if (any)
            {
                told.Add(medium);
            }
        }

        if (broken != Email)
        {
            await MediumAsync(Email, admins.SelectMany(a => a.ContactMethods.Where(m => m.Type == ContactMethodType.Email)
                .Select(m => (m.To, (Func<Task<bool>>)(() => MailAsync(m.To, a.Name, condition, phase, text, ct))))));
        }

        if (broken != Sms)
        {
            await MediumAsync(Sms, admins.Select(a => (a.Phone, (Func<Task<bool>>)(async () =>
                (await sms.SendAsync(new SmsMessage(a.Phone, text, $"pipeline:{condition.Name}:{condition.Since.UtcTicks}:{phase}"), ct)).Outcome == SmsSendOutcome.Sent))));
        }

        if (broken != Slack && slackOptions.Value.Enabled && config.Current.Slack.AnnouncementsChannel is { } announcements)
        {
            await MediumAsync(Slack, [(announcements, async () =>
            {
                // A typed HttpClient is transient: one per use, not held for this singleton's life.
                var answer = await services.GetRequiredService<SlackApiClient>().PostMessageAsync(announcements, ":rotating_light: " + text, null, ct);
                return answer.Ok ? true : throw new InvalidOperationException("Slack refused chat.postMessage: " + answer.Error);
            })]);
        }

        if (broken != Teams && teamsOptions.Value.WebhookUrl is { Length: > 0 } webhook)
        {
            await MediumAsync(Teams, [("webhook", async () =>
            {
                await services.GetRequiredService<TeamsWebhookClient>().PostAsync(new Uri(webhook), TeamsMessage(text, recoveredAt is not null), ct);
                return true;
            })]);
        }

        return told;
    }

    /// <summary>True when the recipient has been (or now is) told on this medium.</summary>
    private async Task<bool> OnceAsync(string key, bool claims, Func<Task<bool>> send, string medium, CancellationToken ct)
    {
        try
        {
            if (claims ? !await store.TryClaimAsync(key, ct) : !_toldFromMemory.TryAdd(key, 0))
            {
                return true;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotTold(medium, e.Message);
            return false;
        }

        bool sent;
        try
        {
            sent = await send();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotTold(medium, e.Message);
            sent = false;
        }

        if (!sent)
        {
            try
            {
                if (claims)
                {
                    await store.ReleaseClaimAsync(key, ct);
                }
                else
                {
                    _toldFromMemory.TryRemove(key, out _);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotTold(medium, e.Message);
            }
        }

        return sent;
    }

    /// <summary>What this instance told while storage was away (no claims possible): a set, as keys of a dictionary.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _toldFromMemory = new(StringComparer.Ordinal);

    private async Task<bool> MailAsync(string to, string name, PipelineCondition condition, string phase, string text, CancellationToken ct)
    {
        var from = emailOptions.Value.FromMailbox;
        var message = new MimeMessage
        {
            Subject = $"[IncidentFunctions] {phase}: {condition.Name}",
            // The same id on every retry of the same occurrence: a mail client shows one mail, not one per pass.
            MessageId = $"pipeline-{condition.Name}-{condition.Since.UtcTicks}-{phase}@{from.Domain}",
            Body = new TextPart("plain") { Text = text + "\n\n/api/health shows what is degraded now." },
        };
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(new MailboxAddress(name, to));
        return (await email.SendAsync(message, ct)).Sent;
    }

    private static JsonObject TeamsMessage(string text, bool recovered) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = TeamsCards.CardContentType,
            ["contentUrl"] = null,
            ["content"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["version"] = TeamsCards.CardVersion,
                ["body"] = new JsonArray(new JsonObject
                {
                    ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true, ["color"] = recovered ? "Good" : "Attention",
                }),
                ["fallbackText"] = text,
            },
        }),
    };

    /// <summary>"45 s", "12 min", "3 h 5 min": how long a condition lasted, for a text.</summary>
    internal static string Span(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : span < TimeSpan.FromHours(1) ? $"{(int)span.TotalMinutes} min"
        : $"{(int)span.TotalHours} h {span.Minutes} min";

    [LoggerMessage(EventId = 4600, Level = LogLevel.Error, Message = "Admins not told by {Medium} of the pipeline's condition: {Error}")]
    private partial void LogNotTold(string medium, string error);
}

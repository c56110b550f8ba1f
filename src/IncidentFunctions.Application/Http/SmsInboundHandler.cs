using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Sms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// POST /api/sms/inbound: Twilio's webhook for replies. The signature is checked before anything is read
/// as a command; the answer is TwiML that Twilio texts back to the responder.
/// </summary>
public sealed class SmsInboundHandler(
    IncidentConfigProvider config,
    IncidentQueries queries,
    IncidentCommandService commands,
    PagerTestService pagerTests,
    TwilioInboundValidator validator,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<SmsInboundHandler> log)
{
    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var url = TwilioInboundValidator.ChooseUrl(twilio.Value.InboundUrl, RequestUrl(request));
        var (fields, refused) = await TwilioWebhookForm.ReadSignedAsync(request, url, validator, ct);
        if (refused is not null)
        {
            log.LogWarning("Refused an inbound SMS webhook: {Status}", refused.StatusCode);
            return refused.Result;
        }

        if (!fields.TryGetValue("From", out var from) || string.IsNullOrWhiteSpace(from))
        {
            return Problems.BadRequest("From", "the sender's number is missing");
        }

        var reply = SmsReplyParser.Parse(fields.GetValueOrDefault("Body") ?? "");
        if (reply.Kind == SmsReplyKind.ConfirmTest && await pagerTests.ConfirmBySmsAsync(from.Trim(), ct) is { } confirmed)
        {
            // Matched by the test's own record of the number, so a responder's second number confirms too.
            return TwiML(Twiml.Message(SmsTexts.PagerTestConfirmed(confirmed.Responder)));
        }

        var responder = config.Current.FindResponderByPhone(from.Trim());
        if (responder is null)
        {
            // Say nothing about incidents to a number we do not know.
            return TwiML(Twiml.Message("This number is not registered for incident alerts."));
        }

        return TwiML(await AnswerAsync(reply, responder.Name, responder.Phone, client, ct));
    }

    private async Task<string> AnswerAsync(SmsReply reply, string name, string phone, DurableTaskClient client, CancellationToken ct)
    {
        switch (reply.Kind)
        {
            case SmsReplyKind.CarrierKeyword:
                // STOP/START/HELP are Twilio's; answering them would double their reply.
                return Twiml.Empty();
            case SmsReplyKind.Help:
            case SmsReplyKind.Unknown:
            case SmsReplyKind.ConfirmTest:
                // An "ok" with no test open on this number is not a command: the usual help.
                return Twiml.Message(HelpText(await queries.LastPagedAsync(phone, ct), reply.Kind != SmsReplyKind.Help));
        }

        var number = reply.IncidentNumber ?? await queries.LastPagedAsync(phone, ct);
        if (number is not long n)
        {
            return Twiml.Message("No incident has been paged to this number yet. Reply with the incident number, e.g. 42a.");
        }

        var now = time.GetUtcNow();
        var by = Attribution.Of(name, Channels.Sms);
        switch (reply.Kind)
        {
            case SmsReplyKind.Acknowledge:
                return Answer(await commands.AcknowledgeAsync(n, by, becomesLead: true, client, now, ct), _ => $"INC {n} acknowledged — you are the lead.");
            case SmsReplyKind.Escalate:
                return Answer(await commands.EscalateAsync(n, name, client, now, ct), incident => incident.Status == IncidentStatus.Acknowledged
                    ? $"INC {n}: bringing in the next tier as help; {incident.Lead ?? incident.AcknowledgedBy} stays the lead."
                    : $"INC {n}: paging the next tier now.");
            case SmsReplyKind.Resolve:
                return Answer(await commands.ResolveAsync(n, by, null, client, now, ct), _ => $"INC {n} resolved.");
            case SmsReplyKind.Note:
                return Answer(await commands.AddNoteAsync(n, by, NoteKind.Finding, reply.Text!, now, ct), _ => $"INC {n}: noted.");
            default:
                // Team only, always: a reply typed on a phone is not where words for the public status page get
                // written, and SMS has no room for the public title and impact an update to users must carry.
                return Answer(await commands.PostUpdateAsync(n, by, reply.Text!, [UpdateAudience.Team], null, PublicWording.None, client, now, ct),
                    update => $"INC {n}: update sent to the team{(update.WasLate ? " (late)" : "")}." +
                        (update.NextUpdateBy is { } next ? $" Next due by {next.UtcDateTime:HH:mm} UTC." : ""));
        }
    }

    /// <summary>The text back: what was done, or the command's own reason it was not (the incident's refusal in its words).</summary>
    private static string Answer<T>(CommandResult<T> result, Func<T, string> done) => Twiml.Message(result.Status switch
    {
        CommandStatus.Done => done(result.Value!),
        CommandStatus.NotFound => $"{result.Detail}.",
        _ => result.Detail!,
    });

    /// <summary>Every code we understand (a bare "42n" or "42u" lands here too, so it must say the text goes after the code).</summary>
    private static string HelpText(long? last, bool unknown) =>
        (unknown ? "Unknown code. " : "") + (last is null ? "For example, for INC 42: " : "") + SmsReplyCodes.Help(last ?? 42);

    private static IResult TwiML(string xml) => Results.Content(xml, "application/xml; charset=utf-8");

    /// <summary>The URL as the caller addressed it: what Twilio signed when no public URL is configured.</summary>
    internal static string RequestUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}{r.QueryString}";
}

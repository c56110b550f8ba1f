using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Notifications.Sms;
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
    TwilioInboundValidator validator,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<SmsInboundHandler> log)
{
    public const string SignatureHeader = "X-Twilio-Signature";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        // Twilio posts URL-encoded forms only; multipart is refused rather than handed to a multipart reader.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("expected application/x-www-form-urlencoded, as Twilio posts");
        }

        // Read under our own limit (a chunked body has no Content-Length to check), then parse from memory.
        var body = await RequestBody.ReadAsync(request, RequestBody.MaxAlertBodyBytes, ct);
        if (body is null)
        {
            return Problems.TooLarge(RequestBody.MaxAlertBodyBytes);
        }

        if (await ReadFormAsync(body, ct) is not { } fields)
        {
            return Problems.BadRequest("body", $"the form cannot be read: more than {MaxFormFields} fields, or a name over {MaxFormKeyLength} characters");
        }
        var url = TwilioInboundValidator.ChooseUrl(twilio.Value.InboundUrl, RequestUrl(request));
        if (!validator.IsValid(url, fields, request.Headers[SignatureHeader].FirstOrDefault()))
        {
            log.LogWarning("Rejected an inbound SMS webhook with a missing or invalid signature");
            return Problems.Forbidden("X-Twilio-Signature is missing or does not match this request", SignatureHeader);
        }

        if (!fields.TryGetValue("From", out var from) || string.IsNullOrWhiteSpace(from))
        {
            return Problems.BadRequest("From", "the sender's number is missing");
        }

        var responder = config.Current.FindResponderByPhone(from.Trim());
        if (responder is null)
        {
            // Say nothing about incidents to a number we do not know.
            return TwiML(Twiml.Message("This number is not registered for incident alerts."));
        }

        var reply = SmsReplyParser.Parse(fields.GetValueOrDefault("Body") ?? "");
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
                return Twiml.Message(HelpText(await queries.LastPagedAsync(phone, ct), reply.Kind == SmsReplyKind.Unknown));
        }

        var number = reply.IncidentNumber ?? await queries.LastPagedAsync(phone, ct);
        if (number is not long n)
        {
            return Twiml.Message("No incident has been paged to this number yet. Reply with the incident number, e.g. 42a.");
        }

        var now = time.GetUtcNow();
        switch (reply.Kind)
        {
            case SmsReplyKind.Acknowledge:
                return Answer(await commands.AcknowledgeAsync(n, name, becomesLead: true, via: "SMS", client, now, ct), _ => $"INC {n} acknowledged — you are the lead.");
            case SmsReplyKind.Escalate:
                return Answer(await commands.EscalateAsync(n, name, client, now, ct), incident => incident.Status == IncidentStatus.Acknowledged
                    ? $"INC {n}: bringing in the next tier as help; {incident.Lead ?? incident.AcknowledgedBy} stays the lead."
                    : $"INC {n}: paging the next tier now.");
            case SmsReplyKind.Resolve:
                return Answer(await commands.ResolveAsync(n, name, "SMS", null, client, now, ct), _ => $"INC {n} resolved.");
            case SmsReplyKind.Note:
                return Answer(await commands.AddNoteAsync(n, name, NoteKind.Finding, reply.Text!, now, ct), _ => $"INC {n}: noted.");
            default:
                // Team only, always: a reply typed on a phone is not where words for the public status page get
                // written, and SMS has no room for the public title and impact an update to users must carry.
                return Answer(await commands.PostUpdateAsync(n, name, reply.Text!, [UpdateAudience.Team], null, PublicWording.None, client, now, ct),
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

    /// <summary>Far more than the ~20 fields Twilio sends; a form reader's defaults, named here because exceeding them is a 400.</summary>
    internal const int MaxFormFields = 1024;

    internal const int MaxFormKeyLength = 2048;

    /// <summary>The form's fields (repeated names joined by commas, as the signature check expects), or null when over the limits.</summary>
    internal static async Task<Dictionary<string, string>?> ReadFormAsync(byte[] body, CancellationToken ct)
    {
        using var reader = new FormReader(new MemoryStream(body, writable: false))
        {
            ValueCountLimit = MaxFormFields,
            KeyLengthLimit = MaxFormKeyLength,
            ValueLengthLimit = RequestBody.MaxAlertBodyBytes,
        };
        try
        {
            var form = await reader.ReadFormAsync(ct);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            // FormReader's way of saying a limit was exceeded; until now this escaped as a 500.
            return null;
        }
    }

    private static IResult TwiML(string xml) => Results.Content(xml, "application/xml; charset=utf-8");

    /// <summary>The URL as the caller addressed it: what Twilio signed when no public URL is configured.</summary>
    internal static string RequestUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}{r.QueryString}";
}

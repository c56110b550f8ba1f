using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Notifications.Voice;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// Twilio's webhooks of a page call: POST /api/voice/twiml (what to say, and who answered), /api/voice/gather (a key
/// pressed) and /api/voice/status (how the call ended). Each is signed by Twilio and names its call in the query
/// (incident and idempotency key), which must be a call we placed to the number Twilio says it called; anything else is
/// refused before it is acted on. Keys go through the same command service as an SMS reply. A pager test's call is
/// named by its test instead ("test=…"; see the other part of this class).
/// </summary>
public sealed partial class VoiceWebhookHandler(
    IncidentConfigProvider config,
    IncidentStore incidents,
    IncidentCommandService commands,
    SendLedger ledger,
    TwilioInboundValidator validator,
    VoiceUrls urls,
    PagerTestService pagerTests,
    TimeProvider time,
    ILogger<VoiceWebhookHandler> log)
{
    private const string Resolve = "resolve";

    public Task<IResult> TwimlAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct) => HandleAsync(request, client, Hook.Twiml, ct);

    public Task<IResult> GatherAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct) => HandleAsync(request, client, Hook.Gather, ct);

    public Task<IResult> StatusAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct) => HandleAsync(request, client, Hook.Status, ct);

    private async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, Hook hook, CancellationToken ct)
    {
        var (fields, refused) = await TwilioWebhookForm.ReadSignedAsync(request, urls.SignedUrl(request), validator, ct);
        if (refused is not null)
        {
            log.LogWarning("Refused a voice webhook ({Hook}): {Status}", hook, refused.StatusCode);
            return refused.Result;
        }

        if (request.Query.ContainsKey(VoiceUrls.TestParameter))
        {
            return await PagerTestCallAsync(request, fields, hook, ct);
        }

        if (!long.TryParse(request.Query["incident"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return Problems.BadRequest("incident", "the call's incident number is missing or not a number");
        }

        var key = request.Query["key"].ToString();
        var call = key.Length == 0 ? null : await ledger.GetSendAsync(number, key, ct);
        var to = fields.GetValueOrDefault("To")?.Trim();
        if (call is not { Medium: ContactMethodType.Voice } || call.Phone != to)
        {
            return Problems.NotFound("no call of this incident was placed to this number under that key", "key");
        }

        var now = time.GetUtcNow();
        switch (hook)
        {
            case Hook.Status:
                var status = fields.GetValueOrDefault("CallStatus");
                if (CallStatuses.Unanswered(status))
                {
                    await commands.CallUnansweredAsync(number, call.Recipient, key, status!, client, now, ct);
                }

                return TwiML(VoiceTwiml.Empty());
            case Hook.Twiml when CallStatuses.IsMachine(fields.GetValueOrDefault("AnsweredBy")):
                // Counted as not answered, but worth a message: a phone on silent at night still shows one.
                await commands.CallUnansweredAsync(number, call.Recipient, key, CallStatuses.Machine, client, now, ct);
                var subject = (await incidents.GetRequiredIncidentAsync(number, ct));
                return TwiML(VoiceTwiml.SayAndHangUp(VoiceScript.Voicemail(number, $"SEV{(int)subject.Severity}", subject.Service)));
            case Hook.Twiml:
                var incident = await incidents.GetRequiredIncidentAsync(number, ct);
                if (!incident.TakesPages(asHelp: false) && call.Purpose == SendPurposes.Page)
                {
                    // Someone else got there while it rang.
                    return TwiML(VoiceTwiml.SayAndHangUp(VoiceScript.Sentence(VoiceScript.Spoken(Settled(incident))) + " " + VoiceScript.Goodbye));
                }

                return TwiML(VoiceTwiml.Page(call.Body ?? VoiceScript.Keys(number), round => Round(number, key, round)));
            default:
                return TwiML(await KeyAsync(number, key, call, fields.GetValueOrDefault("Digits"), request.Query, client, now, ct));
        }
    }

    /// <summary>What a key does, and what the caller hears.</summary>
    private async Task<string> KeyAsync(long number, string key, SendRecord call, string? digits, IQueryCollection query, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        if (config.Current.FindResponder(call.Recipient) is not { } responder)
        {
            return VoiceTwiml.SayAndHangUp("This number is no longer registered for incident alerts. " + VoiceScript.Goodbye);
        }

        if (query["confirm"] == Resolve)
        {
            return digits?.Trim() == "6"
                ? Said(await commands.ResolveAsync(number, Attribution.Of(responder.Name, Channels.Voice), null, client, now, ct), _ => $"INC {number} resolved.")
                : VoiceTwiml.SayAndHangUp($"Not resolved. {VoiceScript.Goodbye}");
        }

        var round = int.TryParse(query["round"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? Math.Clamp(r, 1, VoiceScript.Rounds) : 1;
        switch (VoiceScript.KeyOf(digits))
        {
            case VoiceKey.Acknowledge:
                // A call that said several incidents (the flood limit held the others back) acknowledges them all.
                var also = new List<long>();
                foreach (var other in call.Bundle)
                {
                    if ((await commands.AcknowledgeAsync(other, Attribution.Of(responder.Name, Channels.Voice), becomesLead: true, client, now, ct)).IsDone)
                    {
                        also.Add(other);
                    }
                }

                var more = also.Count == 0 ? "" : $" So are {string.Join(", ", also.Select(n => "INC " + n.ToString(CultureInfo.InvariantCulture)))}.";
                return Said(await commands.AcknowledgeAsync(number, Attribution.Of(responder.Name, Channels.Voice), becomesLead: true, client, now, ct),
                    _ => $"INC {number} acknowledged. You are the lead.{more}");
            case VoiceKey.Escalate:
                return Said(await commands.EscalateAsync(number, responder.Name, client, now, ct), incident => incident.Status == IncidentStatus.Acknowledged
                    ? $"Bringing in the next tier as help; {incident.Lead ?? incident.AcknowledgedBy} stays the lead."
                    : "Paging the next tier now.");
            case VoiceKey.Resolve:
                return VoiceTwiml.Confirm(VoiceScript.ConfirmResolve(number), urls.Url(VoiceUrls.GatherPath, number, key, ("round", Text(round)), ("confirm", Resolve)),
                    $"Not resolved. {VoiceScript.Goodbye}");
            default:
                // Another key: say so and read the page again, as many times as are left.
                return VoiceTwiml.Page(call.Body ?? VoiceScript.Keys(number), next => Round(number, key, next), round + 1, VoiceScript.UnknownKey);
        }
    }

    private Uri Round(long number, string key, int round) => urls.Url(VoiceUrls.GatherPath, number, key, ("round", Text(round)));

    /// <summary>The command's answer, said, then goodbye: what was done, or the incident's own reason it was not.</summary>
    private static string Said<T>(CommandResult<T> result, Func<T, string> done) => VoiceTwiml.SayAndHangUp(VoiceScript.Sentence(VoiceScript.Spoken(result.Status switch
    {
        CommandStatus.Done => done(result.Value!),
        _ => result.Detail!,
    })) + " " + VoiceScript.Goodbye);

    private static string Settled(Incident incident) => incident.Status == IncidentStatus.Acknowledged
        ? $"INC {incident.Number} was already acknowledged by {incident.Lead ?? incident.AcknowledgedBy}."
        : $"INC {incident.Number} is {incident.Status.ToString().ToLowerInvariant()}.";

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static IResult TwiML(string xml) => Results.Content(xml, "application/xml; charset=utf-8");

    private enum Hook
    {
        Twiml,
        Gather,
        Status,
    }
}

using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Voice;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// A pager test's call: the same three webhooks, signed the same way, named by the test ("test=…&amp;key=…"). The call
/// must be one we placed for that test (its ledger row, in the test's partition, is a voice send with the test's
/// purpose) to the number Twilio says it called. It says it is a test; key 1 confirms the method, and nothing on it can
/// touch an incident.
/// </summary>
public sealed partial class VoiceWebhookHandler
{
    private async Task<IResult> PagerTestCallAsync(HttpRequest request, IReadOnlyDictionary<string, string> fields, Hook hook, CancellationToken ct)
    {
        var testId = request.Query[VoiceUrls.TestParameter].ToString();
        if (!PagerTestIds.IsWellFormed(testId))
        {
            return Problems.BadRequest(VoiceUrls.TestParameter, "the call's pager test id is missing or malformed");
        }

        var key = request.Query["key"].ToString();
        var call = key.Length == 0 ? null : await ledger.GetSendAsync(SendLedger.PagerTestPartition(testId), key, ct);
        var to = fields.GetValueOrDefault("To")?.Trim();
        if (call is not { Medium: ContactMethodType.Voice, Purpose: SendPurposes.PagerTest } || call.Phone != to)
        {
            return Problems.NotFound("no pager test call was placed to this number under that key", "key");
        }

        var test = await pagerTests.GetAsync(call.Recipient, testId, ct);
        if (test?.Find(ContactMethodType.Voice, call.Phone) is not { } method)
        {
            return Problems.NotFound($"there is no pager test {testId} calling this number", VoiceUrls.TestParameter);
        }

        var script = call.Body ?? VoiceScript.PagerTest(test.Responder);
        switch (hook)
        {
            case Hook.Status:
                var status = fields.GetValueOrDefault("CallStatus");
                if (CallStatuses.Unanswered(status))
                {
                    await pagerTests.CallEndedAsync(test.Responder, testId, method.Key, status!, ct);
                }

                return TwiML(VoiceTwiml.Empty());
            case Hook.Twiml when CallStatuses.IsMachine(fields.GetValueOrDefault("AnsweredBy")):
                // A machine cannot press 1: say so to whoever plays the message back, and note it on the method.
                await pagerTests.CallEndedAsync(test.Responder, testId, method.Key, CallStatuses.Machine, ct);
                return TwiML(VoiceTwiml.SayAndHangUp(VoiceScript.PagerTestVoicemail(test.Responder)));
            case Hook.Twiml:
                return TwiML(VoiceTwiml.Page(script, round => TestRound(testId, key, round)));
            default:
                var round = int.TryParse(request.Query["round"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? Math.Clamp(r, 1, VoiceScript.Rounds) : 1;
                if (fields.GetValueOrDefault("Digits")?.Trim() != VoiceScript.ConfirmTestKey)
                {
                    return TwiML(VoiceTwiml.Page(script, next => TestRound(testId, key, next), round + 1, VoiceScript.UnknownKey));
                }

                var (_, outcome) = await pagerTests.ConfirmAsync(test.Responder, testId, method.Key, ContactMethod.Word(ContactMethodType.Voice), ct);
                return TwiML(VoiceTwiml.SayAndHangUp(outcome is PagerTestConfirmation.Confirmed or PagerTestConfirmation.AlreadyConfirmed
                    ? VoiceScript.PagerTestConfirmed
                    : VoiceScript.PagerTestNotConfirmed("This test has expired, so it is not confirmed")));
        }
    }

    private Uri TestRound(string testId, string key, int round) => urls.TestUrl(VoiceUrls.GatherPath, testId, key, ("round", Text(round)));
}

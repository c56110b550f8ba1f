using System.Security.Cryptography;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.PagerTests;

/// <summary>
/// Sends pager tests and takes their confirmations: the one command path behind the API, the console, the SMS and
/// voice webhooks, the mail's link and the hand-off timer. A test's messages go through the same <see cref="Notifier"/>
/// and channels as pages (so a test proves what a page would do), marked as a test's (<see cref="PagerTestRef"/>): the
/// channels keep them in the test's own ledger partition, one message per (test, method) however often a send runs, and
/// write nothing on any incident's timeline.
/// </summary>
public sealed class PagerTestService(PagerTestStore store, Notifier notifier, PagerTestLinks links, TimeProvider time, ILogger<PagerTestService> log)
{
    /// <summary>The flood guard: one asked-for test per responder a minute.</summary>
    public static readonly TimeSpan FloodGap = TimeSpan.FromMinutes(1);

    /// <summary>The idempotency key of a test's own messages (the notifier adds the method: "…:voice", "…:email").</summary>
    private const string TestKey = "pagertest";

    /// <summary>The idempotency key of the owner's text about a hand-off test.</summary>
    private const string OwnerKey = "owner";

    public Task<IReadOnlyList<PagerTest>> ListAsync(string responder, CancellationToken ct) => store.ListAsync(responder, ct);

    public Task<PagerTest?> GetAsync(string responder, string testId, CancellationToken ct) => store.GetAsync(responder, testId, ct);

    /// <summary>Records a test before its sends (insert-if-absent); false when a run of the same hand-off got there first.</summary>
    public Task<bool> StartAsync(PagerTest test, CancellationToken ct) => store.TryAddAsync(test, ct);

    /// <summary>A test someone asked for (the API, the console): refused while the last one is under a minute old.</summary>
    public async Task<AskedPagerTest> AskAsync(ResponderConfig responder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(responder);
        var now = time.GetUtcNow();
        if (await store.TryClaimAskedAsync(responder.Name, now, FloodGap, ct) is { } last)
        {
            return new AskedPagerTest(null, last + FloodGap);
        }

        var test = PagerTest.Start(PagerTestIds.Manual(now, (uint)RandomNumberGenerator.GetInt32(int.MaxValue)), responder, now, PagerTestReason.Manual);
        await store.TryAddAsync(test, ct);
        log.LogInformation("Pager test {TestId} for {Responder}: {Methods}", test.Id, responder.Name, string.Join(", ", test.Methods.Select(m => m.Key)));
        return new AskedPagerTest(await SendAsync(test, responder, ct), null);
    }

    /// <summary>
    /// Sends every method of <paramref name="test"/> not sent yet and records each outcome; safe to run again (the
    /// hand-off timer does, for a run that died mid-way): a message already sent is found in the ledger, not sent twice.
    /// </summary>
    public async Task<PagerTest> SendAsync(PagerTest test, ResponderConfig responder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(responder);
        foreach (var method in test.Methods.Where(m => m.State == PagerTestState.Sending))
        {
            var outcome = await SendOneAsync(test, method, responder, ct);
            test = await store.UpdateAsync(test.Responder, test.Id, t => t.With(outcome(t.Find(method.Key)!)), ct) ?? test;
        }

        return test;
    }

    /// <summary>What became of one method's message, as a change to its state in the test.</summary>
    private async Task<Func<PagerTestMethod, PagerTestMethod>> SendOneAsync(PagerTest test, PagerTestMethod method, ResponderConfig responder, CancellationToken ct)
    {
        var to = method.Method;
        var reference = new PagerTestRef(test.Responder, test.Id, to.Type == ContactMethodType.Email ? links.ConfirmUrl(test.Responder, test.Id, method.Key) : null);
        if (to.Type == ContactMethodType.Email && reference.ConfirmUrl is null)
        {
            return m => m.WithFailed($"no public address to link the confirmation to: set {EmailOptions.Section}:LinkBaseUrl");
        }

        if (to.Type == ContactMethodType.Sms)
        {
            // Before the send: the "ok" can beat the end of it.
            await store.SetOpenOnPhoneAsync(to.To, test.Responder, test.Id, method.Key, test.StartedAt, ct);
        }

        var text = to.Type switch
        {
            ContactMethodType.Sms => SmsTexts.PagerTest(test.Responder),
            ContactMethodType.Voice => VoiceScript.PagerTest(test.Responder),
            _ => EmailComposer.PagerTestText(test.Responder),
        };
        var request = NotificationRequest.ForPagerTest(responder, reference, NotificationPurpose.PagerTest, text, to, TestKey, test.StartedAt);
        DispatchOutcome outcome;
        try
        {
            outcome = await notifier.SendAsync(request, ct);
        }
        catch (Exception e) when (e is SmsTransientException or EmailTransientException)
        {
            // A test reports what happened rather than retrying for minutes: whoever asked sees it, and may ask again.
            log.LogWarning("Pager test {TestId}: {Method} not sent, the provider could not be reached: {Error}", test.Id, method.Key, e.Message);
            return m => m.WithFailed("the provider could not be reached: " + e.Message);
        }

        var at = time.GetUtcNow();
        return outcome.Delivered
            ? m => m.WithSent(at)
            : m => m.WithFailed(outcome.Error is { Length: > 0 } error ? Describe(error, outcome.ErrorCode)
                : outcome.ErrorCode is { } code ? $"refused by the provider (code {code.ToString(CultureInfo.InvariantCulture)})"
                : $"nothing here sends {ContactMethod.Word(to.Type)}");
    }

    private static string Describe(string error, int? code) =>
        code is { } c ? $"{error} (code {c.ToString(CultureInfo.InvariantCulture)})" : error;

    /// <summary>The person answered on <paramref name="methodKey"/> (by <paramref name="via"/>); null test: there is no such test.</summary>
    public async Task<(PagerTest? Test, PagerTestConfirmation Outcome)> ConfirmAsync(string responder, string testId, string methodKey, string via, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var outcome = PagerTestConfirmation.NoSuchMethod;
        var test = await store.UpdateAsync(responder, testId, t =>
        {
            (var changed, outcome) = t.Confirm(methodKey, now, via);
            return changed;
        }, ct);
        if (outcome == PagerTestConfirmation.Confirmed)
        {
            log.LogInformation("Pager test {TestId}: {Responder} confirmed {Method} by {Via}", testId, responder, methodKey, via);
        }

        return (test, outcome);
    }

    /// <summary>
    /// A text "ok" from <paramref name="from"/>: confirms the test method last texted to that number, if it is still open
    /// (not confirmed yet, not expired). Null when there was nothing to confirm, so the reply is read as any other.
    /// </summary>
    public async Task<PagerTest?> ConfirmBySmsAsync(string from, CancellationToken ct)
    {
        if (await store.GetOpenOnPhoneAsync(from, ct) is not { } open)
        {
            return null;
        }

        var (test, outcome) = await ConfirmAsync(open.Responder, open.TestId, open.MethodKey, ContactMethod.Word(ContactMethodType.Sms), ct);
        return outcome == PagerTestConfirmation.Confirmed ? test : null;
    }

    /// <summary>A test call ended unanswered: Twilio's "failed" fails the method; busy, no answer or voicemail is noted on it.</summary>
    public Task<PagerTest?> CallEndedAsync(string responder, string testId, string methodKey, string status, CancellationToken ct) =>
        store.UpdateAsync(responder, testId, t => t.Find(methodKey) is { } m ? t.With(status == CallStatuses.Failed
            ? m.WithFailed("the call failed")
            : m.WithUnanswered(status)) : t, ct);

    /// <summary>
    /// Texts the schedule's owner that nobody confirmed the hand-off test, once (the owner's text is one message per test
    /// in the ledger; <see cref="PagerTest.OwnerToldAt"/> stops the timer asking again).
    /// </summary>
    public async Task<PagerTest?> TellOwnerAsync(PagerTest test, string schedule, ResponderConfig owner, TimeSpan after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(owner);
        var request = NotificationRequest.ForPagerTest(owner, new PagerTestRef(test.Responder, test.Id), NotificationPurpose.Notify,
            SmsTexts.HandoffTestUnconfirmed(test, schedule, after), new ContactMethod(ContactMethodType.Sms, owner.Phone), OwnerKey, test.StartedAt + after);
        var outcome = await notifier.SendAsync(request, ct);
        if (!outcome.Delivered)
        {
            log.LogWarning("Pager test {TestId}: the owner {Owner} of {Schedule} could not be texted ({Error})", test.Id, owner.Name, schedule, outcome.Error ?? outcome.ErrorCode?.ToString(CultureInfo.InvariantCulture));
        }

        var now = time.GetUtcNow();
        return await store.UpdateAsync(test.Responder, test.Id, t => t.OwnerToldAt is null ? t with { OwnerToldAt = now } : t, ct);
    }
}

/// <summary>An asked-for test: the test as sent, or, when refused by the flood guard, when the next may be asked for.</summary>
public sealed record AskedPagerTest(PagerTest? Test, DateTimeOffset? NextAllowedAt);

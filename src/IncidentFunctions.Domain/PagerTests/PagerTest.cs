using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;

namespace IncidentFunctions.Domain.PagerTests;

/// <summary>Why a pager test was sent: someone asked (the API or the console), or a schedule handed over to its person.</summary>
public enum PagerTestReason
{
    Manual,
    Handoff,
}

/// <summary>Where one method of one test stands.</summary>
public enum PagerTestState
{
    /// <summary>Recorded before the message goes out; a test whose sender died mid-way stays here.</summary>
    Sending,

    /// <summary>The provider took the message; nobody has confirmed it yet.</summary>
    Sent,

    /// <summary>The provider refused it, or could not be reached (<see cref="PagerTestMethod.Error"/> says which).</summary>
    Failed,

    /// <summary>The person answered on this method: a text "ok", key 1 on the call, the mail's link.</summary>
    Confirmed,
}

/// <summary>What a confirmation came to.</summary>
public enum PagerTestConfirmation
{
    Confirmed,

    /// <summary>Confirmed before: nothing changes, the first confirmation stands (a link followed twice is fine).</summary>
    AlreadyConfirmed,

    /// <summary>Past <see cref="PagerTest.ExpiresAt"/>: a late answer proves nothing about today.</summary>
    Expired,

    /// <summary>The test has no method by that key.</summary>
    NoSuchMethod,
}

/// <summary>One contact method in one test.</summary>
/// <param name="Key">The method's name in the test (<see cref="ContactMethod.Key"/>: "sms", "voice", "email", "sms2").</param>
/// <param name="Method">The method as configured when the test started: a later change of number is another method.</param>
public sealed record PagerTestMethod(string Key, ContactMethod Method, PagerTestState State)
{
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Why it failed (the provider's words or code), or for a call that went but was not answered, how it ended.</summary>
    public string? Error { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>How it was confirmed: "sms", "voice" or "email" (<see cref="ContactMethod.Word"/>).</summary>
    public string? ConfirmedVia { get; init; }

    /// <summary>The provider took it. A confirmed method stays confirmed (the answer can beat the record of the send).</summary>
    public PagerTestMethod WithSent(DateTimeOffset at) => State == PagerTestState.Confirmed
        ? this with { SentAt = SentAt ?? at }
        : this with { State = PagerTestState.Sent, SentAt = at, Error = null };

    /// <summary>The provider refused it or could not be reached. A confirmed method stays confirmed: it reached the person.</summary>
    public PagerTestMethod WithFailed(string error) => State == PagerTestState.Confirmed
        ? this
        : this with { State = PagerTestState.Failed, Error = error };

    /// <summary>
    /// A test call that went but nobody took (busy, no answer, voicemail): still sent and unconfirmed, with how it ended
    /// noted, since the number itself may well be right.
    /// </summary>
    public PagerTestMethod WithUnanswered(string status) => State == PagerTestState.Sent
        ? this with { Error = $"not answered ({status})" }
        : this;
}

/// <summary>
/// One pager test of one responder: a message on each of their contact methods, each confirmed (or not) on its own.
/// Not an incident: nothing here pages anyone or appears on a timeline.
/// </summary>
/// <param name="Id">Unique per responder (<see cref="PagerTestIds"/>); names the test in links and webhooks.</param>
/// <param name="Responder">The responder's name as configured when the test started.</param>
public sealed record PagerTest(string Id, string Responder, DateTimeOffset StartedAt, PagerTestReason Reason, IReadOnlyList<PagerTestMethod> Methods)
{
    /// <summary>How long a test can be confirmed: a reply the next morning still proves the number works.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromHours(24);

    /// <summary>The schedule whose hand-off sent it (<see cref="PagerTestReason.Handoff"/>).</summary>
    public string? Schedule { get; init; }

    /// <summary>When the schedule's owner was told that nobody confirmed a hand-off test.</summary>
    public DateTimeOffset? OwnerToldAt { get; init; }

    public DateTimeOffset ExpiresAt => StartedAt + ConfirmWindow;

    public bool AnyConfirmed => Methods.Any(m => m.State == PagerTestState.Confirmed);

    /// <summary>A test of every method <paramref name="responder"/> has, none sent yet.</summary>
    public static PagerTest Start(string id, ResponderConfig responder, DateTimeOffset at, PagerTestReason reason, string? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        var all = responder.ContactMethods;
        return new PagerTest(id, responder.Name, at, reason, [.. all.Select(m => new PagerTestMethod(ContactMethod.Key(all, m), m, PagerTestState.Sending))])
        {
            Schedule = schedule,
        };
    }

    public PagerTestMethod? Find(string key) => Methods.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal));

    /// <summary>The method of this medium at this number or address, if the test has one.</summary>
    public PagerTestMethod? Find(ContactMethodType type, string to) => Methods.FirstOrDefault(m => m.Method.Type == type && m.Method.To == to);

    /// <summary>The test with <paramref name="method"/> in place of the method of the same key.</summary>
    public PagerTest With(PagerTestMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (Find(method.Key) is null)
        {
            throw new ArgumentException($"test {Id} has no method '{method.Key}'", nameof(method));
        }

        return this with { Methods = [.. Methods.Select(m => m.Key == method.Key ? method : m)] };
    }

    /// <summary>The person answered on method <paramref name="key"/> at <paramref name="at"/>, by <paramref name="via"/>.</summary>
    public (PagerTest Test, PagerTestConfirmation Outcome) Confirm(string key, DateTimeOffset at, string via)
    {
        if (Find(key) is not { } method)
        {
            return (this, PagerTestConfirmation.NoSuchMethod);
        }

        if (method.State == PagerTestState.Confirmed)
        {
            return (this, PagerTestConfirmation.AlreadyConfirmed);
        }

        if (at >= ExpiresAt)
        {
            return (this, PagerTestConfirmation.Expired);
        }

        return (With(method with { State = PagerTestState.Confirmed, ConfirmedAt = at, ConfirmedVia = via, Error = null }), PagerTestConfirmation.Confirmed);
    }
}

using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.PagerTests;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/responders: one responder, their methods with numbers and addresses masked, and their flags.</summary>
public sealed record ResponderView(string Name, bool Pageable, IReadOnlyList<string> Schedules, bool Flagged, IReadOnlyList<ContactMethodView> Methods)
{
    public static ResponderView From(ResponderStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.Responder.Name, status.Pageable, status.Schedules, status.Flagged, [.. status.Reachability.Methods.Select(ContactMethodView.From)]);
    }
}

/// <param name="Flag">What is wrong with it, or null.</param>
public sealed record ContactMethodView(
    string Key, ContactMethodType Type, string To, string? Name, ReachabilityFlag? Flag, DateTimeOffset? LastConfirmedAt, string? LastConfirmedVia,
    PagerTestMethodView? LastTest)
{
    public static ContactMethodView From(MethodReachability m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Key, m.Method.Type, ContactMask.Of(m.Method), m.Method.Name, m.Flag == ReachabilityFlag.None ? null : m.Flag, m.LastConfirmedAt, m.LastConfirmedVia,
            m.LastTest is { } last ? PagerTestMethodView.From(last.Result) with { TestId = last.TestId, StartedAt = last.StartedAt } : null);
    }
}

/// <summary>One method in one test.</summary>
public sealed record PagerTestMethodView(
    string Key, ContactMethodType Type, string To, PagerTestState State, DateTimeOffset? SentAt, string? Error, DateTimeOffset? ConfirmedAt, string? ConfirmedVia)
{
    /// <summary>The test it was part of, when listed with the method (GET /api/responders).</summary>
    public string? TestId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public static PagerTestMethodView From(PagerTestMethod m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Key, m.Method.Type, ContactMask.Of(m.Method), m.State, m.SentAt, m.Error, m.ConfirmedAt, m.ConfirmedVia);
    }
}

/// <summary>POST /api/responders/{name}/test: the test and what was sent on each method.</summary>
public sealed record PagerTestView(string TestId, string Responder, DateTimeOffset StartedAt, PagerTestReason Reason, DateTimeOffset ExpiresAt, IReadOnlyList<PagerTestMethodView> Methods)
{
    public static PagerTestView From(PagerTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return new(test.Id, test.Responder, test.StartedAt, test.Reason, test.ExpiresAt, [.. test.Methods.Select(PagerTestMethodView.From)]);
    }
}

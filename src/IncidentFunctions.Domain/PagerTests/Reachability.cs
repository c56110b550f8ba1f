using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;

namespace IncidentFunctions.Domain.PagerTests;

/// <summary>What is wrong with a method as its tests tell it; <see cref="None"/> when nothing is.</summary>
public enum ReachabilityFlag
{
    None,

    /// <summary>No test of this method was ever confirmed (including: never tested).</summary>
    NeverConfirmed,

    /// <summary>Its latest test could not be sent: the provider refused it or could not be reached.</summary>
    LastTestFailed,
}

/// <summary>A method's part in the latest test that had it.</summary>
public sealed record LastPagerTest(string TestId, DateTimeOffset StartedAt, PagerTestMethod Result);

/// <summary>One of a responder's current methods, with what its tests showed.</summary>
public sealed record MethodReachability(string Key, ContactMethod Method, LastPagerTest? LastTest, DateTimeOffset? LastConfirmedAt, string? LastConfirmedVia)
{
    public ReachabilityFlag Flag => LastTest?.Result.State == PagerTestState.Failed ? ReachabilityFlag.LastTestFailed
        : LastConfirmedAt is null ? ReachabilityFlag.NeverConfirmed
        : ReachabilityFlag.None;
}

/// <summary>
/// Whether a responder's methods are known to reach them: each current method (as configured now) with its latest test
/// and its latest confirmation. A method is matched across tests by medium and number or address, so a changed number
/// starts over as never confirmed.
/// </summary>
public sealed record ResponderReachability(string Responder, IReadOnlyList<MethodReachability> Methods)
{
    /// <summary>Any method never confirmed, or whose latest test failed.</summary>
    public bool Flagged => Methods.Any(m => m.Flag != ReachabilityFlag.None);

    public static ResponderReachability Of(ResponderConfig responder, IEnumerable<PagerTest> tests)
    {
        ArgumentNullException.ThrowIfNull(responder);
        var newestFirst = tests.OrderByDescending(t => t.StartedAt).ToList();
        var all = responder.ContactMethods;
        var methods = all.Select(method =>
        {
            var results = newestFirst
                .Select(t => (Test: t, Result: t.Find(method.Type, method.To)))
                .Where(x => x.Result is not null)
                .ToList();
            var last = results.FirstOrDefault();
            var confirmed = results.Select(x => x.Result!).Where(r => r.ConfirmedAt is not null).MaxBy(r => r.ConfirmedAt);
            return new MethodReachability(ContactMethod.Key(all, method), method,
                last.Test is null ? null : new LastPagerTest(last.Test.Id, last.Test.StartedAt, last.Result!),
                confirmed?.ConfirmedAt, confirmed?.ConfirmedVia);
        });
        return new ResponderReachability(responder.Name, [.. methods]);
    }

    /// <summary>Each flagged method and what is wrong with it in words ("never tested", "last test failed: …"), for reports.</summary>
    public IEnumerable<(MethodReachability Method, string Problem)> Problems() =>
        Methods.Where(m => m.Flag != ReachabilityFlag.None).Select(m => (m, m.Flag == ReachabilityFlag.LastTestFailed
            ? "last test failed" + (m.LastTest!.Result.Error is { } error ? ": " + error : "")
            : m.LastTest is null ? "never tested" : "never confirmed"));
}

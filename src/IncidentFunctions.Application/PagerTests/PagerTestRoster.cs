using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.PagerTests;

/// <summary>One responder as the pager test sees them: their methods' reachability, and whether a page can reach them.</summary>
/// <param name="Schedules">The schedules they are on (rotation or override).</param>
/// <param name="Pageable">On a schedule or named in an escalation policy: only then do their flags matter.</param>
public sealed record ResponderStatus(ResponderConfig Responder, ResponderReachability Reachability, IReadOnlyList<string> Schedules, bool Pageable)
{
    /// <summary>Someone a page can reach with a method never confirmed or whose last test failed.</summary>
    public bool Flagged => Pageable && Reachability.Flagged;
}

/// <summary>
/// Every responder's reachability, read from their tests: what GET /api/responders lists, the console's responders
/// page shows and the weekly review flags. One home for "who is flagged", so the three always agree.
/// </summary>
public sealed class PagerTestRoster(IncidentConfigProvider config, PagerTestStore store)
{
    public async Task<IReadOnlyList<ResponderStatus>> AllAsync(CancellationToken ct)
    {
        var current = config.Current;
        var pageable = current.PageableResponders().Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var list = new List<ResponderStatus>();
        foreach (var responder in current.Responders)
        {
            var schedules = current.Schedules
                .Where(s => s.Rotation.Responders.Concat(s.Overrides.Select(o => o.Responder)).Contains(responder.Name, StringComparer.OrdinalIgnoreCase))
                .Select(s => s.Name)
                .ToList();
            var tests = await store.ListAsync(responder.Name, ct);
            list.Add(new ResponderStatus(responder, ResponderReachability.Of(responder, tests), schedules, pageable.Contains(responder.Name)));
        }

        return list;
    }

    public async Task<IReadOnlyList<ResponderStatus>> FlaggedAsync(CancellationToken ct) => [.. (await AllAsync(ct)).Where(s => s.Flagged)];
}

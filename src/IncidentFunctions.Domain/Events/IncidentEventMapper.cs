using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Reports;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Events;

/// <summary>Turns timeline entries into stream events. The timeline is the source of truth; events are a projection of it.</summary>
public static class IncidentEventMapper
{
    /// <summary>Service Bus message ids may be at most 128 characters.</summary>
    public const int MaxIdLength = 128;

    public const string Team = "team";
    public const string Leadership = "leadership";
    public const string Users = "users";

    /// <summary>The event for <paramref name="entry"/>, or null when the entry stays inside the incident.</summary>
    public static IncidentEvent? FromTimeline(TimelineEntry entry, Incident incident)
    {
        var type = IncidentEventTypes.For(entry.Kind);
        if (type is null)
        {
            return null;
        }

        var data = entry.Data ?? new Dictionary<string, string>();
        return new IncidentEvent(
            IncidentEvent.CurrentSchemaVersion,
            EntryId(entry),
            type,
            entry.At,
            new IncidentEventSubject(incident.Number, incident.Service, $"SEV{(int)incident.Severity}", incident.Status.ToString(), incident.Title),
            entry.Actor,
            entry.Summary,
            AudiencesFor(type, data),
            data);
    }

    /// <summary>
    /// The weekly review as one event about no single incident. Its id is the week's end date, so a timer that fires
    /// twice for the same week publishes the same message.
    /// </summary>
    /// <param name="unreachable">Methods of on-call people no pager test confirmed, or whose last test failed.</param>
    public static IncidentEvent WeeklyAlertReview(DateTimeOffset since, DateTimeOffset until, IReadOnlyList<AlertRuleReview> rules, IReadOnlyList<UnreachableMethod>? unreachable = null)
    {
        unreachable ??= [];
        var summary = rules.Count == 0
            ? "No alert rule fired this week"
            : $"{rules.Count} alert rule(s) fired this week; noisiest: {rules[0].Service}/{rules[0].Rule} (noise {rules[0].NoiseScore:0.#})";
        if (unreachable.Count > 0)
        {
            var people = unreachable.Select(u => u.Responder).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            summary += $"; not known to be reachable by a page: {string.Join(", ", people)}";
        }

        return new IncidentEvent(
            IncidentEvent.CurrentSchemaVersion,
            "weekly-alert-review-" + until.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IncidentEventTypes.WeeklyAlertReview,
            until,
            null,
            "system",
            summary,
            AudiencesFor(IncidentEventTypes.WeeklyAlertReview, new Dictionary<string, string>()),
            new Dictionary<string, string>
            {
                ["since"] = since.ToString("O", CultureInfo.InvariantCulture),
                ["until"] = until.ToString("O", CultureInfo.InvariantCulture),
                ["rules"] = rules.Count.ToString(CultureInfo.InvariantCulture),
                ["unreachableMethods"] = unreachable.Count.ToString(CultureInfo.InvariantCulture),
            })
        {
            AlertRules = rules,
            UnreachableMethods = unreachable,
        };
    }

    /// <summary>
    /// The timeline entry's id: incident number, time and entry key, which together identify the entry (the store
    /// writes each (time, key) once). Long keys are shortened with a hash so the id stays unique and within limits.
    /// </summary>
    public static string EntryId(TimelineEntry entry)
    {
        var id = $"{IncidentIds.Format(entry.IncidentNumber)}-{entry.At.UtcTicks}-{entry.Key}";
        if (id.Length <= MaxIdLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
        return id[..(MaxIdLength - hash.Length - 1)] + "~" + hash;
    }

    /// <summary>
    /// Users only ever hear what was written for them (updates addressed to users); leadership hears what changes the
    /// picture (opening, severity, silence, resolution, learning); everything else is for the team.
    /// </summary>
    public static IReadOnlyList<string> AudiencesFor(string type, IReadOnlyDictionary<string, string> data) => type switch
    {
        IncidentEventTypes.UpdatePosted => UpdatePostedDetails.AudiencesIn(data),
        IncidentEventTypes.GoneQuiet => [Leadership],
        IncidentEventTypes.Opened or IncidentEventTypes.SeverityChanged or IncidentEventTypes.ScopeChanged
            or IncidentEventTypes.Unacknowledged or IncidentEventTypes.Resolved or IncidentEventTypes.PostmortemCompleted
            or IncidentEventTypes.Closed or IncidentEventTypes.WeeklyAlertReview
            or IncidentEventTypes.MaintenanceStarted or IncidentEventTypes.MaintenanceEnded
            or IncidentEventTypes.PipelineDegraded or IncidentEventTypes.PipelineRecovered => [Team, Leadership],
        _ => [Team],
    };
}

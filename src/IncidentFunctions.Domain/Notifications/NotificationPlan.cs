using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Notifications;

/// <summary>One contact a page makes: this method of the responder, this long after the page starts.</summary>
/// <param name="Rule">The rule's position in the plan, for idempotency keys: one message per (step, responder, rule).</param>
public sealed record PlannedContact(int Rule, ContactMethod Method, TimeSpan After);

/// <summary>
/// Who is contacted how, and when, for one page of one responder: their own rules when they have any, else the
/// defaults for the incident's severity. A rule reaches every method of its type the responder has (two phones: both
/// ring). A default naming a medium the responder lacks is passed over (configuration refuses that only for a
/// responder's own rules, which name their methods on purpose). Ordered by time, then as written.
/// </summary>
public static class NotificationPlan
{
    public static IReadOnlyList<PlannedContact> For(ResponderConfig responder, IncidentSeverity severity, NotificationsConfig notifications)
    {
        var rules = responder.NotificationRules ?? notifications.DefaultsFor(severity);
        var plan = new List<PlannedContact>();
        for (var i = 0; i < rules.Count; i++)
        {
            foreach (var method in responder.ContactMethods.Where(m => m.Type == rules[i].Method))
            {
                plan.Add(new PlannedContact(i, method, rules[i].After));
            }
        }

        // Stable: equal times keep the order the rules were written in.
        return [.. plan.OrderBy(c => c.After)];
    }
}

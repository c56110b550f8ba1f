using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Notifications;

/// <summary>
/// The notification rules a responder without rules of their own follows, by the incident's severity. Built in: a
/// SEV1 texts and calls at once (a text alone does not wake anyone at 3 a.m.; the text carries the reply codes); a
/// SEV2 to SEV4 texts at once and calls after a minute if still unacknowledged.
/// </summary>
public sealed record NotificationsConfig(IReadOnlyDictionary<IncidentSeverity, IReadOnlyList<NotificationRule>> DefaultRules)
{
    public static NotificationsConfig Builtin { get; } = new(BuiltinRules());

    public IReadOnlyList<NotificationRule> DefaultsFor(IncidentSeverity severity) =>
        DefaultRules.TryGetValue(severity, out var rules) ? rules : Builtin.DefaultRules[severity];

    public static IReadOnlyDictionary<IncidentSeverity, IReadOnlyList<NotificationRule>> BuiltinRules()
    {
        IReadOnlyList<NotificationRule> loud = [new(ContactMethodType.Sms, TimeSpan.Zero), new(ContactMethodType.Voice, TimeSpan.Zero)];
        IReadOnlyList<NotificationRule> normal = [new(ContactMethodType.Sms, TimeSpan.Zero), new(ContactMethodType.Voice, TimeSpan.FromMinutes(1))];
        return new Dictionary<IncidentSeverity, IReadOnlyList<NotificationRule>>
        {
            [IncidentSeverity.Sev1] = loud,
            [IncidentSeverity.Sev2] = normal,
            [IncidentSeverity.Sev3] = normal,
            [IncidentSeverity.Sev4] = normal,
        };
    }
}

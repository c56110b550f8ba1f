using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Schedules;
using IncidentFunctions.Domain.Chat;
using IncidentFunctions.Domain.Maintenance;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// The whole on-call setup, as loaded and validated by <see cref="ConfigLoader"/>. Names are matched case-insensitively,
/// integration keys and phone numbers exactly. Lookups scan the lists: configurations are small.
/// </summary>
public sealed record IncidentConfig
{
    /// <summary>Key for the admin API; at least 12 characters.</summary>
    public required string AdminApiKey { get; init; }

    public RateLimitConfig RateLimit { get; init; } = new();

    public IReadOnlyList<ResponderConfig> Responders { get; init; } = [];

    public IReadOnlyList<ScheduleConfig> Schedules { get; init; } = [];

    public IReadOnlyList<EscalationPolicy> EscalationPolicies { get; init; } = [];

    public IReadOnlyList<ServiceConfig> Services { get; init; } = [];

    /// <summary>How alert severities become incident severities; <see cref="SeverityPolicy.Default"/> when the file has no "severity".</summary>
    public SeverityPolicy Severity { get; init; } = SeverityPolicy.Default;

    /// <summary>
    /// Who is told when a SEV1 opens and when an incident goes quiet: the responders the "leadership" list names,
    /// resolved to their definitions (so with the name's defining spelling), in the order listed. Empty by default.
    /// </summary>
    public IReadOnlyList<ResponderConfig> Leadership { get; init; } = [];

    /// <summary>
    /// Who is told when the pipeline itself is degraded (a provider refusing our credentials, every text failing, late
    /// timers, storage away) and when it recovers: the responders the "admins" list names, resolved like
    /// <see cref="Leadership"/>. Empty by default: then only /api/health, the event stream and chat say it.
    /// </summary>
    public IReadOnlyList<ResponderConfig> Admins { get; init; } = [];

    /// <summary>Timing rules of the response loop; <see cref="ResponsePolicy.Default"/> for anything the file does not set.</summary>
    public ResponsePolicy Response { get; init; } = ResponsePolicy.Default;

    /// <summary>The "playbooks" list as written, in file order. Services' legacy <c>playbookUrl</c>s are not in it; <see cref="FindPlaybooks"/> adds them.</summary>
    public IReadOnlyList<PlaybookConfig> Playbooks { get; init; } = [];

    /// <summary>The notification rules of responders without their own, by severity ("notifications").</summary>
    public NotificationsConfig Notifications { get; init; } = NotificationsConfig.Builtin;

    /// <summary>The incident room in Slack ("slack"); used only where the deployment has a Slack bot token.</summary>
    public SlackRoomConfig Slack { get; init; } = SlackRoomConfig.Default;

    /// <summary>Maintenance windows ("maintenance"): the longest one allowed and the recurring ones the file declares.</summary>
    public MaintenanceConfig Maintenance { get; init; } = MaintenanceConfig.Default;
    /// <summary>The heartbeats the file declares ("heartbeats"); the API adds others, kept in storage beside these.</summary>
    public IReadOnlyList<HeartbeatDefinition> Heartbeats { get; init; } = [];

    /// <summary>The service an alert's integration key belongs to (exact, ordinal match), or null.</summary>
    public ServiceConfig? FindServiceByIntegrationKey(string key) =>
        Services.FirstOrDefault(service => service.IntegrationKeys.Any(candidate => string.Equals(candidate, key, StringComparison.Ordinal)));

    public ServiceConfig? FindService(string name) =>
        Services.FirstOrDefault(service => NameEquals(service.Name, name));

    public ResponderConfig? FindResponder(string name) =>
        Responders.FirstOrDefault(responder => NameEquals(responder.Name, name));

    /// <summary>The responder with this Slack user id (exact match), or null: Slack users not mapped act on nothing.</summary>
    public ResponderConfig? FindResponderBySlackUser(string slackUserId) =>
        Responders.FirstOrDefault(responder => responder.SlackUserId is { } id && string.Equals(id, slackUserId, StringComparison.Ordinal));

    /// <summary>The responder who signs in with this address (case-insensitive, as mail addresses are in practice), or null.</summary>
    public ResponderConfig? FindResponderBySignInEmail(string email) =>
        Responders.FirstOrDefault(responder => responder.Email is { } own && string.Equals(own, email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The responder with this Entra ID object id (a GUID, any case), or null.</summary>
    public ResponderConfig? FindResponderByEntraObjectId(string objectId) =>
        // The loader stores each id in Guid's own form ("d" format), so the presented one is put in it too.
        Guid.TryParse(objectId, out var id) ? Responders.FirstOrDefault(responder => responder.EntraObjectId == id.ToString()) : null;

    /// <summary>The responder with this E.164 number (exact match, as Twilio sends it in "From"), or null.</summary>
    public ResponderConfig? FindResponderByPhone(string e164) =>
        Responders.FirstOrDefault(responder => string.Equals(responder.Phone, e164, StringComparison.Ordinal));

    public ScheduleConfig? FindSchedule(string name) =>
        Schedules.FirstOrDefault(schedule => NameEquals(schedule.Name, name));

    /// <summary>Shorthand for <c>Severity.Map(alert.Format, alert.Severity, alert.SourceSeverity)</c>.</summary>
    public IncidentSeverity SeverityOf(NormalizedAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Severity.Map(alert.Format, alert.Severity, alert.SourceSeverity);
    }

    /// <summary>
    /// The playbooks for an alert of <paramref name="service"/> titled <paramref name="title"/> (see <see cref="PlaybookConfig.Matches"/>),
    /// most specific first: those with an alert pattern, then service-only ones, each group in file order; last the service's
    /// legacy <c>playbookUrl</c> as an implicit service-only playbook without owners. The same URL may appear in more than one.
    /// </summary>
    public IReadOnlyList<PlaybookConfig> FindPlaybooks(string service, string title, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(labels);

        var matching = Playbooks.Where(playbook => playbook.Matches(service, title, labels)).ToList();
        var result = matching.Where(playbook => playbook.AlertPattern is not null)
            .Concat(matching.Where(playbook => playbook.AlertPattern is null))
            .ToList();
        if (FindService(service) is { PlaybookUrl: { } url } legacy)
        {
            result.Add(PlaybookConfig.ForServiceUrl(legacy.Name, url));
        }

        return result;
    }

    public EscalationPolicy? FindPolicy(string name) =>
        EscalationPolicies.FirstOrDefault(policy => NameEquals(policy.Name, name));

    /// <summary>The policy with this name; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public EscalationPolicy GetPolicy(string name) =>
        FindPolicy(name) ?? throw new KeyNotFoundException($"No escalation policy named '{name}'.");

    /// <summary>
    /// Who tier <paramref name="tierIndex"/> pages at <paramref name="at"/>: each target in order, a responder target as itself,
    /// a schedule target as whoever is on call then. Distinct, first mention wins the position. A schedule with nobody on call
    /// contributes nobody; a name this configuration does not know (a policy from an older configuration) is skipped.
    /// </summary>
    public IReadOnlyList<ResponderConfig> ResolveTier(EscalationPolicy policy, int tierIndex, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(tierIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tierIndex, policy.Tiers.Count);

        var result = new List<ResponderConfig>();
        AddTier(policy.Tiers[tierIndex], at, result);
        return result;
    }

    /// <summary>Everyone any tier of <paramref name="policy"/> would page at <paramref name="at"/>, distinct, in tier order.</summary>
    public IReadOnlyList<ResponderConfig> AllPolicyResponders(EscalationPolicy policy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = new List<ResponderConfig>();
        foreach (var tier in policy.Tiers)
        {
            AddTier(tier, at, result);
        }

        return result;
    }

    /// <summary>
    /// Everyone a page can reach, so whose phone must work: anyone on a schedule (its rotation or an override) or named in
    /// an escalation policy, in configuration order. The pager test's flags are about these people.
    /// </summary>
    public IReadOnlyList<ResponderConfig> PageableResponders()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var schedule in Schedules)
        {
            names.UnionWith(schedule.Rotation.Responders);
            names.UnionWith(schedule.Overrides.Select(o => o.Responder));
        }

        foreach (var target in EscalationPolicies.SelectMany(p => p.Tiers).SelectMany(t => t.Targets))
        {
            if (target.Responder is { } name)
            {
                names.Add(name);
            }
        }

        return [.. Responders.Where(r => names.Contains(r.Name))];
    }

    private void AddTier(EscalationTier tier, DateTimeOffset at, List<ResponderConfig> result)
    {
        foreach (var target in tier.Targets)
        {
            string? name = target.Responder;
            if (name is null && target.Schedule is not null)
            {
                name = FindSchedule(target.Schedule)?.OnCallAt(at);
            }

            var responder = name is null ? null : FindResponder(name);
            if (responder is not null && !result.Any(existing => NameEquals(existing.Name, responder.Name)))
            {
                result.Add(responder);
            }
        }
    }

    internal static bool NameEquals(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <param name="PerKeyPerMinute">Alerts accepted per integration key per minute (1..100000).</param>
public sealed record RateLimitConfig(int PerKeyPerMinute = 120);

/// <param name="Phone">
/// E.164, e.g. "+15550100001": the number texts go to and replies are matched by (the "phone" in the file, else the
/// first sms, else the first voice contact method).
/// </param>
public sealed record ResponderConfig(string Name, string Phone)
{
    private readonly IReadOnlyList<ContactMethod>? _contactMethods;

    /// <summary>Every way to reach the responder; "phone" alone means an SMS and a voice method on that number.</summary>
    public IReadOnlyList<ContactMethod> ContactMethods
    {
        get => _contactMethods ?? ContactMethod.OnPhone(Phone);
        init => _contactMethods = value;
    }

    /// <summary>The responder's own rules; null: the defaults for the incident's severity (<see cref="NotificationsConfig"/>).</summary>
    public IReadOnlyList<NotificationRule>? NotificationRules { get; init; }

    /// <summary>Their Slack member id ("slackUserId"): Slack commands act as them, and incident channels invite them.</summary>
    public string? SlackUserId { get; init; }

    /// <summary>The address they sign in with ("email"; Entra ID's user name or mail): a sign-in with it is them.</summary>
    public string? Email { get; init; }

    /// <summary>Their Microsoft Entra ID object id ("entraObjectId"), which no rename changes: a sign-in with it is them.</summary>
    public string? EntraObjectId { get; init; }

    public bool Has(ContactMethodType type) => ContactMethods.Any(m => m.Type == type);

    // By value, lists included: a responder built from "phone" alone equals one that spells out the same two methods.
    public bool Equals(ResponderConfig? other) =>
        other is not null && Name == other.Name && Phone == other.Phone && SlackUserId == other.SlackUserId && Email == other.Email && EntraObjectId == other.EntraObjectId && ContactMethods.SequenceEqual(other.ContactMethods) &&
        (NotificationRules is null ? other.NotificationRules is null : other.NotificationRules is not null && NotificationRules.SequenceEqual(other.NotificationRules));

    public override int GetHashCode() => HashCode.Combine(Name, Phone);
}

/// <param name="IntegrationKeys">Keys alerts for this service arrive with; unique across all services.</param>
/// <param name="EscalationPolicy">Name of the policy that pages for this service's incidents.</param>
/// <param name="AutoResolve">Whether a "resolved" alert from the source resolves the incident.</param>
public sealed record ServiceConfig(string Name, IReadOnlyList<string> IntegrationKeys, string EscalationPolicy, string? PlaybookUrl, bool AutoResolve);

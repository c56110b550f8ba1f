namespace IncidentFunctions.Domain.Identity;

/// <summary>
/// Who did something and through what, as the timeline and the post-mortem record it. <see cref="Name"/> is who really
/// acted: a responder, or <see cref="Automation"/> for the admin key; <see cref="For"/> the person it was recorded for
/// (the admin key's "by", a responder's "onBehalfOf"), so both names are kept and neither passes for the other.
/// </summary>
/// <param name="Name">Who acted: a responder's configured name, <see cref="Automation"/>, or "integration:&lt;format&gt;".</param>
/// <param name="Via">Through what: one of <see cref="Channels"/>.</param>
/// <param name="For">The responder it was recorded for, when not the actor.</param>
public sealed record Attribution(string Name, string Via, string? For = null)
{
    /// <summary>What the admin key acts as: a machine's credential, never a person's.</summary>
    public const string Automation = "admin key (automation)";

    /// <summary>The responder the act is for: who takes the lead on an acknowledgement, who is tested, who is named.</summary>
    public string Responder => For ?? Name;

    /// <summary>
    /// How records and messages name it: "Alice", "Alice for Bob", "automation for Bob" (the admin key's "by", never
    /// Bob himself). Kept as the "by" of notes, actions, updates, scope, verdicts and resolutions, and read in texts
    /// ("update from automation for Bob", "brought in by automation for Bob").
    /// </summary>
    public string Shown => For is null
        ? Name
        : Name == Automation ? $"automation for {For}" : $"{Name} for {For}";

    /// <summary>The Who of a timeline row and a post-mortem event: "recorded by automation for Bob" when automation recorded it for someone.</summary>
    public string Label => For is not null && Name == Automation ? "recorded by " + Shown : Shown;

    public static Attribution Of(string name, string via) => new(name, via);

    /// <summary>The data keys an attributed timeline entry carries beside its own.</summary>
    public const string ViaKey = "via";

    public const string ForKey = "for";
}

/// <summary>The doors an act comes through, as the timeline names them ("via").</summary>
public static class Channels
{
    public const string Sms = "SMS";
    public const string Voice = "voice";
    public const string Slack = "slack";
    public const string Console = "console";
    public const string ApiToken = "API token";
    public const string AutomationKey = "automation key";

    /// <summary>An integration's incident resolved because every one of its alerts cleared at the source.</summary>
    public const string AutoResolve = "auto-resolve";

    /// <summary>A person signed in with Entra ID calling the API directly (their browser's session, no token).</summary>
    public const string EntraId = "Entra ID";
}

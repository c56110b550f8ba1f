using System.Text.Json.Serialization;

namespace IncidentFunctions.Domain.Escalation;

/// <summary>
/// Why a tier is paged: decides the page's prefix and the timeline's words. It travels from the orchestration to the
/// paging activity, so stored orchestration histories hold it as the lowercase word it was when it was a string
/// ("opened"). Each member names its word itself, so renaming a member is safe and changing a word is not; the
/// converter sits on the type so whatever serializer a host uses writes the word, not a number.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PageReason>))]
public enum PageReason
{
    /// <summary>The incident opened: its first tier.</summary>
    [JsonStringEnumMemberName("opened")]
    Opened,

    /// <summary>SEV1: the second tier paged at once, beside the first.</summary>
    [JsonStringEnumMemberName("loud")]
    Loud,

    /// <summary>Nobody acknowledged within the tier's delay: the next tier.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>Someone asked to escalate before anyone took the lead.</summary>
    [JsonStringEnumMemberName("requested")]
    Requested,

    /// <summary>Brought in as help after acknowledgement; the lead stays.</summary>
    [JsonStringEnumMemberName("help")]
    Help,

    /// <summary>The last tier's delay passed: the policy is paged again from its first tier.</summary>
    [JsonStringEnumMemberName("repeat")]
    Repeat,
}

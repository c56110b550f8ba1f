using System.Globalization;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Timeline;

/// <summary>
/// The details one kind of timeline entry carries, typed where the entry is made (<see cref="TimelineEntries"/>). They
/// are kept and streamed as <see cref="TimelineEntry.Data"/>, a flat map of strings: that is the stored format and the
/// event schema's "data", and the names each record writes are those both have always had.
/// </summary>
public abstract record TimelineDetails
{
    public abstract IReadOnlyDictionary<string, string> ToData();

    protected static string Text(bool value) => value ? "true" : "false";

    protected static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed record IncidentOpenedDetails(string Service, IncidentSeverity Severity, string Policy) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() =>
        new Dictionary<string, string> { ["service"] = Service, ["severity"] = $"SEV{(int)Severity}", ["policy"] = Policy };
}

public sealed record AlertReceivedDetails(string Format, string DedupKey, AlertSeverity Severity) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() =>
        new Dictionary<string, string> { ["format"] = Format, ["dedupKey"] = DedupKey, ["severity"] = Severity.ToString() };
}

public sealed record RepeatDetails(IReadOnlyList<long> RepeatOf) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() =>
        new Dictionary<string, string> { ["repeatOf"] = string.Join(",", RepeatOf.Select(n => n.ToString(CultureInfo.InvariantCulture))) };
}

public sealed record ResolvedDetails(string Summary) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() => new Dictionary<string, string> { ["summary"] = Summary };
}

/// <param name="Via">Where the note was written when that matters to a reader: "slack" for the incident channel (the
/// post-mortem offers those notes beside the channel's pinned findings); null, and no "via" in the data, otherwise.</param>
public sealed record NoteDetails(NoteKind Kind, string? Via = null) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string> { ["kind"] = Kind.ToString() };
        if (Via is not null)
        {
            data["via"] = Via;
        }

        return data;
    }
}

public sealed record ActionRecordedDetails(string ActionId, bool Irreversible) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() =>
        new Dictionary<string, string> { ["actionId"] = ActionId, ["irreversible"] = Text(Irreversible) };
}

public sealed record ActionConfirmedDetails(string ActionId, ActionResult Result) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() =>
        new Dictionary<string, string> { ["actionId"] = ActionId, ["result"] = Result.ToString() };
}

/// <summary>Who an update went to (the event stream routes it by these), and what the status page shows of it.</summary>
public sealed record UpdatePostedDetails(IReadOnlyList<UpdateAudience> Audiences, bool Late, DateTimeOffset? NextUpdateBy, string? PublicTitle, string? Impact)
    : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string>
        {
            ["audiences"] = string.Join(",", Audiences),
            ["late"] = Text(Late),
            ["nextUpdateBy"] = NextUpdateBy?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        };
        if (PublicTitle is not null)
        {
            data["publicTitle"] = PublicTitle;
        }

        if (Impact is not null)
        {
            data["impact"] = Impact;
        }

        return data;
    }

    /// <summary>The audiences an entry's data names, as the stream spells them (lower case); the team when it names none.</summary>
    public static IReadOnlyList<string> AudiencesIn(IReadOnlyDictionary<string, string> data) =>
        data.TryGetValue("audiences", out var listed) && !string.IsNullOrWhiteSpace(listed)
            ? listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).Distinct().ToList()
            : ["team"];
}

public sealed record EscalatedDetails(int Tier, int Pass) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() => new Dictionary<string, string> { ["tier"] = Text(Tier), ["pass"] = Text(Pass) };
}

/// <summary>Why a message was sent, beside who it went to: a page's tier, or what a notification was about.</summary>
public sealed record SendReason(int? Tier = null, string? About = null)
{
    public static SendReason ForTier(int tier) => new(Tier: tier);

    public static SendReason Telling(string about) => new(About: about);
}

/// <summary>
/// One message sent or tried: to whom (by name; never the number), why, how it went. <see cref="Transient"/> marks an
/// attempt that failed but will be tried again; <see cref="FoundAtProvider"/> a send found at the provider rather than
/// sent again after an execution died without hearing back.
/// </summary>
public sealed record SendDetails(string To, SendReason? Reason = null) : TimelineDetails
{
    public int? Attempts { get; init; }
    public string? Sid { get; init; }
    public bool FoundAtProvider { get; init; }
    public bool Failed { get; init; }
    public int? ErrorCode { get; init; }
    public string? Error { get; init; }
    public bool Transient { get; init; }
    public int? HttpStatus { get; init; }

    /// <summary>"voice", "email"; null for a text (entries before other media have none).</summary>
    public string? Medium { get; init; }

    /// <summary>How a call ended when nobody took it: busy, no-answer, failed, canceled, machine.</summary>
    public string? CallStatus { get; init; }

    public override IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string>();
        if (Medium is not null)
        {
            data["medium"] = Medium;
        }

        if (CallStatus is not null)
        {
            data["callStatus"] = CallStatus;
        }

        if (Reason?.Tier is int tier)
        {
            data["tier"] = Text(tier);
        }

        if (Reason?.About is { } about)
        {
            data["about"] = about;
        }

        data["to"] = To;
        if (Attempts is int n)
        {
            data["attempts"] = Text(n);
        }

        if (Sid is not null)
        {
            data["sid"] = Sid;
        }

        if (FoundAtProvider)
        {
            data["foundAtProvider"] = "true";
        }

        if (Transient)
        {
            data["transient"] = "true";
            data["httpStatus"] = HttpStatus is int s ? Text(s) : "";
        }

        if (Failed || Transient)
        {
            data["errorCode"] = ErrorCode is int code ? Text(code) : "";
        }

        if (Failed)
        {
            data["error"] = Error ?? "";
        }

        return data;
    }
}

/// <summary>Where a chat message lives: its channel and timestamp (Slack's message id), who wrote it and its link.</summary>
public sealed record ChatMessageDetails(string Channel, string Ts, string User, string? Permalink) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string> { ["room"] = "slack", ["channel"] = Channel, ["ts"] = Ts, ["user"] = User };
        if (Permalink is not null)
        {
            data["permalink"] = Permalink;
        }

        return data;
    }

    public static ChatMessageDetails? From(IReadOnlyDictionary<string, string>? data) =>
        data is not null && data.TryGetValue("channel", out var channel) && data.TryGetValue("ts", out var ts)
            ? new ChatMessageDetails(channel, ts, data.GetValueOrDefault("user") ?? "", data.GetValueOrDefault("permalink"))
            : null;
}

/// <summary>A chat room of the incident: "slack" or "teams", its channel when it has one, and the error of an outage.</summary>
public sealed record RoomDetails(string Room, string? Channel = null, string? ChannelName = null, string? Url = null, string? Error = null) : TimelineDetails
{
    public string RoomTitle => Room switch
    {
        "slack" => "Slack",
        "teams" => "Microsoft Teams",
        _ => Room,
    };

    public override IReadOnlyDictionary<string, string> ToData()
    {
        var data = new Dictionary<string, string> { ["room"] = Room };
        Add(data, "channel", Channel);
        Add(data, "channelName", ChannelName);
        Add(data, "url", Url);
        Add(data, "error", Error);
        return data;
    }

    private static void Add(Dictionary<string, string> data, string name, string? value)
    {
        if (value is not null)
        {
            data[name] = value;
        }
    }
}

/// <summary>A condition of the pipeline itself ("twilio-credentials"…), since when, and the media its admins were told by.</summary>
public sealed record PipelineDetails(string Condition, DateTimeOffset Since, IReadOnlyList<string> Told) : TimelineDetails
{
    public override IReadOnlyDictionary<string, string> ToData() => new Dictionary<string, string>
    {
        ["condition"] = Condition,
        ["since"] = Since.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["told"] = string.Join(",", Told),
    };
}

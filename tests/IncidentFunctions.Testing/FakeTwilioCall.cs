namespace IncidentFunctions.Testing;

/// <summary>
/// One call the fake accepted (201 to POST …/Calls.json), as it stands when the snapshot was taken: what the app asked for,
/// then what happened while the fake played it. <see cref="IsFinished"/> turns true once the call reached a final status
/// and its status callback (if any) was delivered; until then the other outcome fields may still change in later snapshots.
/// <see cref="Spoken"/> is every &lt;Say&gt; the callee heard, in order (a loop repeats it); <see cref="Pressed"/> the Digits
/// sent to Gather actions; <see cref="Skipped"/> the verbs the fake does not play (Dial, Record...); <see cref="Requests"/>
/// every webhook it sent with the app's answers. <see cref="ErrorCode"/> is Twilio's code for what went wrong with the app's
/// TwiML (11200 HTTP retrieval failure, 11205 connection failure or timeout, 12100 document parse failure, 12300 invalid
/// Content-Type, 11100 bad URL), null when nothing did.
/// </summary>
public sealed record FakeTwilioCall(
    string Sid,
    string To,
    string From,
    string? Url,
    string Method,
    string? Twiml,
    string? StatusCallback,
    string StatusCallbackMethod,
    IReadOnlyList<string> StatusCallbackEvents,
    string? MachineDetection,
    int? Timeout,
    IReadOnlyDictionary<string, string> Form,
    DateTimeOffset CreatedAt,
    string Status,
    string? AnsweredBy,
    DateTimeOffset? StartTime,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndTime,
    int? Duration,
    IReadOnlyList<string> Spoken,
    IReadOnlyList<string> Pressed,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<FakeTwilioWebhook> Requests,
    int? ErrorCode,
    string? ErrorMessage,
    bool IsFinished)
{
    /// <summary>The statuses a call ends in; Twilio changes nothing about a call after one of these.</summary>
    public static IReadOnlyList<string> FinalStatuses { get; } = ["completed", "busy", "no-answer", "failed", "canceled"];

    /// <summary>The webhooks that fetched TwiML (voice, Gather actions and Redirects), in order.</summary>
    public IEnumerable<FakeTwilioWebhook> TwimlRequests => Requests.Where(r => r.Kind != FakeTwilioWebhookKind.StatusCallback);

    /// <summary>The status callbacks, in the order they were sent.</summary>
    public IEnumerable<FakeTwilioWebhook> StatusCallbacks => Requests.Where(r => r.Kind == FakeTwilioWebhookKind.StatusCallback);

    public override string ToString() =>
        $"{CreatedAt:HH:mm:ss.fff} {Sid} To={To} From={From} {Status}{(AnsweredBy is null ? "" : " by " + AnsweredBy)}" +
        $"{(ErrorCode is int c ? $" error {c} ({ErrorMessage})" : "")}{(IsFinished ? "" : " (still playing)")}" +
        $" spoken=[{string.Join(" | ", Spoken)}] pressed=[{string.Join(",", Pressed)}] webhooks=[{string.Join(", ", Requests.Select(r => r.Kind + " " + r.StatusCode))}]";
}

/// <summary>What a webhook the fake sent to the app was for.</summary>
public enum FakeTwilioWebhookKind
{
    /// <summary>The call's Url, fetched when the callee answered.</summary>
    Voice,

    /// <summary>A &lt;Gather&gt; action, with Digits.</summary>
    Gather,

    /// <summary>A &lt;Redirect&gt; target.</summary>
    Redirect,

    /// <summary>The call's StatusCallback (initiated, ringing, answered or the final status).</summary>
    StatusCallback,
}

/// <summary>
/// One signed webhook the fake sent while playing a call and what the app answered. <see cref="Url"/> is the exact URL
/// requested (for GET it carries the parameters in its query) and the one <see cref="Signature"/> was computed over.
/// <see cref="StatusCode"/> is 0 when no HTTP answer came (connection refused, timeout); <see cref="Error"/> says why.
/// </summary>
public sealed record FakeTwilioWebhook(
    FakeTwilioWebhookKind Kind,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string Signature,
    DateTimeOffset SentAt,
    int StatusCode,
    string? ContentType,
    string Body,
    string? Error)
{
    /// <summary>The value of parameter <paramref name="name"/>, or null when it was not sent.</summary>
    public string? this[string name] => Parameters.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();
}

/// <summary>
/// One POST to the fake's Calls endpoint, accepted or not: what was asked and what the fake answered (as
/// <see cref="FakeTwilioRequest"/> is for messages). <see cref="Sid"/> is set only when it answered 201.
/// </summary>
public sealed record FakeTwilioCallAttempt(
    string To,
    string? From,
    string? Url,
    string? Sid,
    DateTimeOffset ReceivedAt,
    int StatusCode,
    int? ErrorCode,
    string PathAccountSid,
    IReadOnlyDictionary<string, string> Form)
{
    public override string ToString() =>
        $"{ReceivedAt:HH:mm:ss.fff} HTTP {StatusCode}{(ErrorCode is int c ? $" ({c})" : "")} To={To} From={From ?? "-"} Url={Url ?? "-"}";
}

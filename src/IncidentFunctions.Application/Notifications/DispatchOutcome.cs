namespace IncidentFunctions.Application.Notifications;

/// <summary>What one message came to on one channel.</summary>
/// <param name="Sid">The provider's id of the message, when it took it.</param>
/// <param name="AlreadyDone">A retried step found this message already sent (or refused) and did not send it again.</param>
public sealed record DispatchOutcome(bool Delivered, string? Sid, int? ErrorCode, bool AlreadyDone)
{
    /// <summary>Held back by a flood limit: not sent yet, to be asked for again at this time (it will be, or was carried by another message).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>The provider's words for a refusal, when this execution heard them (the ledger keeps only the code).</summary>
    public string? Error { get; init; }

    /// <summary>The provider refused our credentials (the mail server's sign-in; Twilio says it with its code 20003).</summary>
    public bool CredentialsRefused { get; init; }
}

/// <summary>The outcomes the send ledger records, whatever the medium.</summary>
public static class SendOutcomes
{
    public const string Sent = "sent";
    public const string Rejected = "rejected";

    /// <summary>
    /// Written before the message goes out. Under a live lease its sender may still be at it; after that, or with the
    /// lease given up, the sender never learnt what happened.
    /// </summary>
    public const string Pending = "pending";

    /// <summary>Held back by the flood limit of its number: not sent; the next call to that number says it, or it is asked for again.</summary>
    public const string Held = "held";

    /// <summary>Every attempt so far was refused with a transient error (429, 5xx): nothing reached the provider.</summary>
    public const string Retrying = "retrying";
}

/// <summary>The purposes the send ledger records (<see cref="NotificationPurpose"/> as stored); reports count pages by them.</summary>
public static class SendPurposes
{
    public const string Page = "page";
    public const string Notify = "notify";

    /// <summary>A pager test's own message: the voice webhooks know a test call by it.</summary>
    public const string PagerTest = "test";

    /// <summary>A one-time sign-in code.</summary>
    public const string SignIn = "signin";

    public static string Of(NotificationPurpose purpose) => purpose switch
    {
        NotificationPurpose.Page => Page,
        NotificationPurpose.PagerTest => PagerTest,
        NotificationPurpose.SignIn => SignIn,
        _ => Notify,
    };
}

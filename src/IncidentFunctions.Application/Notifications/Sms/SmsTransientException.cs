namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// The SMS provider kept answering 429/5xx, timing out or refusing connections until the sender ran out of attempts.
/// Thrown (never returned) so a Durable activity fails and its retry policy runs the step again later.
/// </summary>
public sealed class SmsTransientException : Exception
{
    public SmsTransientException()
        : this("The SMS provider is temporarily unavailable.")
    {
    }

    public SmsTransientException(string message)
        : base(message)
    {
    }

    public SmsTransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SmsTransientException(string message, int attempts, int? httpStatus, int? errorCode, Exception? innerException, bool mayHaveBeenAccepted = true)
        : base(message, innerException)
    {
        Attempts = attempts;
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        MayHaveBeenAccepted = mayHaveBeenAccepted;
    }

    /// <summary>
    /// False only when every attempt was answered with an error status (429, 5xx) or never connected, so the provider holds
    /// nothing from this send. True when any attempt went out unanswered (timeout, dropped connection): it may have been accepted.
    /// </summary>
    public bool MayHaveBeenAccepted { get; } = true;

    /// <summary>HTTP attempts made before giving up.</summary>
    public int Attempts { get; }

    /// <summary>HTTP status of the last attempt; null when it got no answer (timeout, connection failure).</summary>
    public int? HttpStatus { get; }

    /// <summary>Provider error code of the last attempt, when it sent one (e.g. 20429).</summary>
    public int? ErrorCode { get; }
}

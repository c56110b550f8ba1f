namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// The mail server could not be reached, dropped the connection, timed out or answered with a 4xx reply. Thrown (never
/// returned) so a Durable activity fails and its retry policy runs the step again later.
/// </summary>
public sealed class EmailTransientException : Exception
{
    public EmailTransientException()
        : this("The mail server is temporarily unavailable.")
    {
    }

    public EmailTransientException(string message)
        : base(message)
    {
    }

    public EmailTransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public EmailTransientException(string message, int? replyCode, Exception? innerException)
        : base(message, innerException)
    {
        ReplyCode = replyCode;
    }

    /// <summary>The server's 4xx reply code; null when it gave no answer (connection refused or dropped, timeout).</summary>
    public int? ReplyCode { get; }
}

namespace IncidentFunctions.Domain.Notifications;

/// <summary>How a call ended, in Twilio's words (its CallStatus), plus an answering machine.</summary>
public static class CallStatuses
{
    public const string Completed = "completed";
    public const string Busy = "busy";
    public const string NoAnswer = "no-answer";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    /// <summary>Answered by a machine (Twilio's AnsweredBy machine_* or fax): counted as not answered.</summary>
    public const string Machine = "machine";

    /// <summary>Endings that mean nobody took the call, so the page's next rule need not wait.</summary>
    public static bool Unanswered(string? status) => status is Busy or NoAnswer or Failed or Canceled or Machine;

    public static bool IsMachine(string? answeredBy) =>
        answeredBy is not null && (answeredBy.StartsWith("machine", StringComparison.OrdinalIgnoreCase) || answeredBy.Equals("fax", StringComparison.OrdinalIgnoreCase));
}

using System.Globalization;

namespace IncidentFunctions.Domain.Sms;

/// <summary>
/// The one place that spells the reply codes. Pages are written with these and <see cref="SmsReplyParser"/>
/// reads with them, so a page never suggests a reply the parser would not understand.
/// </summary>
public static class SmsReplyCodes
{
    public const string AcknowledgeLetter = "a";
    public const string AcknowledgeWord = "ack";
    public const string EscalateLetter = "e";
    public const string EscalateWord = "esc";
    public const string ResolveLetter = "r";
    public const string NoteLetter = "n";
    public const string UpdateLetter = "u";

    /// <summary>The answer to a pager test ("reply ok to confirm"): no incident number, nothing else on the line.</summary>
    public const string ConfirmTestWord = "ok";

    /// <summary>Keywords carriers and Twilio act on themselves (opt-out, opt-in, help). We never treat them as commands.</summary>
    public static IReadOnlyList<string> CarrierKeywords { get; } =
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "YES", "UNSTOP", "HELP", "INFO"];

    /// <summary>"42a"</summary>
    public static string Acknowledge(long incidentNumber) => Number(incidentNumber) + AcknowledgeLetter;

    /// <summary>"42e"</summary>
    public static string Escalate(long incidentNumber) => Number(incidentNumber) + EscalateLetter;

    /// <summary>"42r"</summary>
    public static string Resolve(long incidentNumber) => Number(incidentNumber) + ResolveLetter;

    /// <summary>"42n" (followed by a space and the note).</summary>
    public static string Note(long incidentNumber) => Number(incidentNumber) + NoteLetter;

    /// <summary>"42u" (followed by a space and the update).</summary>
    public static string Update(long incidentNumber) => Number(incidentNumber) + UpdateLetter;

    /// <summary>The line that ends every page: "Reply 42a to take the lead, 42e to escalate".</summary>
    public static string Footer(long incidentNumber) =>
        $"Reply {Acknowledge(incidentNumber)} to take the lead, {Escalate(incidentNumber)} to escalate";

    /// <summary>The answer to "?": every reply we understand, for the given incident.</summary>
    public static string Help(long incidentNumber) =>
        $"{Acknowledge(incidentNumber)} take the lead, {Escalate(incidentNumber)} escalate, {Resolve(incidentNumber)} resolve, " +
        $"{Note(incidentNumber)} <text> add a note, {Update(incidentNumber)} <text> post an update. " +
        "Without the number they apply to your latest page.";

    private static string Number(long incidentNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(incidentNumber);
        return incidentNumber.ToString(CultureInfo.InvariantCulture);
    }
}

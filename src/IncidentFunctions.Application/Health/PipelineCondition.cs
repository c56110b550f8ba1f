namespace IncidentFunctions.Application.Health;

/// <summary>
/// Something wrong with the pipeline itself, not with a monitored service: paging cannot work as it should until it
/// is fixed. Kept until what it is about works again.
/// </summary>
/// <param name="Name">"twilio-credentials", "slack-credentials"…: one condition of each name at a time.</param>
/// <param name="Reason">What is wrong and what it stops, for the person reading /api/health.</param>
public sealed record PipelineCondition(string Name, string Reason, DateTimeOffset Since);

/// <summary>The conditions the pipeline watches for, and what each means for an open incident.</summary>
public static class PipelineConditions
{
    /// <summary>Twilio refused the account's credentials (its error 20003): no text or call can go out.</summary>
    public const string TwilioCredentials = "twilio-credentials";

    /// <summary>Every text and call has failed for a while (PipelineHealth:TwilioFailingAfter), none delivered since.</summary>
    public const string TwilioFailing = "twilio-failing";

    /// <summary>Slack refused the bot token (invalid_auth, token_revoked…): incident channels are not kept.</summary>
    public const string SlackCredentials = "slack-credentials";

    /// <summary>The mail server refused our sign-in (Email:User, Email:Password): no mail goes out.</summary>
    public const string SmtpCredentials = "smtp-credentials";

    /// <summary>Durable timers fire later than PipelineHealth:TimersLateAfter: escalations and reminders come late.</summary>
    public const string TimersLate = "timers-late";

    /// <summary>Storage does not answer: nothing can be written, this condition included (kept in each instance's memory).</summary>
    public const string StorageUnreachable = "storage-unreachable";

    /// <summary>The admins' medium this condition breaks ("sms" also stands for calls), so they are not told on it; null when none.</summary>
    public static string? Breaks(string condition) => condition switch
    {
        TwilioCredentials or TwilioFailing => PipelineAlerts.Sms,
        SmtpCredentials => PipelineAlerts.Email,
        SlackCredentials => PipelineAlerts.Slack,
        _ => null,
    };

    /// <summary>What is broken, in the words of an incident's timeline ("Paging degraded: {what}; {impact}.").</summary>
    public static string What(string condition) => condition switch
    {
        TwilioCredentials => "Twilio refuses the credentials",
        TwilioFailing => "every Twilio send has been failing",
        SlackCredentials => "Slack refuses the bot token",
        SmtpCredentials => "the mail server refuses the sign-in",
        TimersLate => "durable timers are running late",
        StorageUnreachable => "storage cannot be reached",
        _ => condition,
    };

    /// <summary>What the condition means for an open incident.</summary>
    public static string Impact(string condition) => condition switch
    {
        TwilioCredentials or TwilioFailing => "texts and calls are not going out",
        SlackCredentials => "its Slack channel is not kept up to date",
        SmtpCredentials => "mails about it are not going out",
        TimersLate => "escalations, reminders and call rules come late",
        _ => "paging may not work",
    };
}

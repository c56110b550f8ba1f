namespace IncidentFunctions.Application.Health;

/// <summary>
/// Something wrong with the pipeline itself, not with a monitored service: paging cannot work as it should until it
/// is fixed. Kept until what it is about works again.
/// </summary>
/// <param name="Name">"twilio-credentials", "slack-credentials"…: one condition of each name at a time.</param>
/// <param name="Reason">What is wrong and what it stops, for the person reading /api/health.</param>
public sealed record PipelineCondition(string Name, string Reason, DateTimeOffset Since);

/// <summary>The conditions the pipeline watches for.</summary>
public static class PipelineConditions
{
    /// <summary>Twilio refused the account's credentials (its error 20003): no text or call can go out.</summary>
    public const string TwilioCredentials = "twilio-credentials";

    /// <summary>Slack refused the bot token (invalid_auth, token_revoked…): incident channels are not kept.</summary>
    public const string SlackCredentials = "slack-credentials";
}

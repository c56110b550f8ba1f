namespace IncidentFunctions.Application.Communication.Events;

/// <summary>
/// Where the event stream goes. Service Bus when "ServiceBusConnection" is a connection string or
/// "ServiceBusConnection:fullyQualifiedNamespace" is set (managed identity; "ServiceBusConnection:clientId" for a
/// user-assigned one); otherwise the Storage queue in the incident storage account.
/// </summary>
public sealed class EventStreamOptions
{
    public const string Section = "IncidentEvents";
    public const string ServiceBusConnection = "ServiceBusConnection";

    public string TopicName { get; set; } = "incident-events";

    public string QueueName { get; set; } = "incident-events";

    /// <summary>Every problem, each naming its setting, so start-up can refuse a bad configuration at once.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TopicName) || TopicName.Length > 260
            || !TopicName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
        {
            problems.Add($"{Section}:TopicName: '{TopicName}' is not a Service Bus topic name (letters, digits, - _ . /, at most 260)");
        }

        // Storage queue names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
        if (string.IsNullOrEmpty(QueueName) || QueueName.Length is < 3 or > 63
            || !QueueName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || QueueName.StartsWith('-') || QueueName.EndsWith('-') || QueueName.Contains("--", StringComparison.Ordinal))
        {
            problems.Add($"{Section}:QueueName: '{QueueName}' is not a Storage queue name (3-63 lowercase letters, digits and single hyphens)");
        }

        return problems;
    }
}

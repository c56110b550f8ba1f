namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// Where a mail's links point: the console's public address, asked each time because the local runtime knows its own
/// only once it listens (a free port in tests). Null when nobody said, and then a mail names the console without a link.
/// </summary>
public sealed class ConsoleLinks(Func<string?> baseUrl)
{
    /// <summary>The local runtime's address by default (./run.sh).</summary>
    public const string LocalDefault = "http://127.0.0.1:7071";

    /// <summary>Without a trailing slash, e.g. https://incidents.example.com.</summary>
    public string? BaseUrl => baseUrl()?.Trim().TrimEnd('/') is { Length: > 0 } url ? url : null;

    public string? Incident(long number) =>
        BaseUrl is { } b ? $"{b}/console/incidents/{number.ToString(CultureInfo.InvariantCulture)}" : null;

    public string? Postmortem(long number) => Incident(number) is { } incident ? incident + "/postmortem" : null;
}

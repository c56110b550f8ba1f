using System.Diagnostics;

namespace IncidentFunctions.Application.Telemetry;

/// <summary>
/// The names the pipeline's traces and metrics go by, and its one <see cref="ActivitySource"/>. Attributes are the
/// incident's number and service, never a person's number or a message's text.
/// </summary>
public static class IncidentTelemetry
{
    /// <summary>The ActivitySource's and the Meter's name: what an OpenTelemetry pipeline subscribes to.</summary>
    public const string Name = "IncidentFunctions";

    public static readonly ActivitySource Source = new(Name);

    public const string IncidentAttribute = "incident.number";
    public const string ServiceAttribute = "incident.service";
    public const string FormatAttribute = "alert.format";
    public const string MediumAttribute = "notification.medium";
}

namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// One medium (SMS today; voice, email and chat next). A channel sends each request at most once for its idempotency
/// key, however often the step that asks is retried, and writes what it sent (or why not) on the incident's timeline.
/// </summary>
public interface INotificationChannel
{
    ContactMedium Medium { get; }

    Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct);
}

public enum ContactMedium
{
    Sms,
}

namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// One medium: SMS, voice, email. A channel sends each request at most once for its idempotency key, however often the
/// step that asks is retried, and writes what it sent (or why not) on the incident's timeline.
/// </summary>
public interface INotificationChannel
{
    ContactMethodType Medium { get; }

    /// <summary>Sends <paramref name="request"/> to its <see cref="NotificationRequest.Via"/> method (the recipient's phone when there is none).</summary>
    Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct);
}

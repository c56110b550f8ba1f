namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// Where every page, reminder and stakeholder message goes: the one door from the activities to the media. It decides
/// which channels carry a request; today every responder has a phone and is reached by SMS. Per-responder contact
/// methods and notification rules (call after a minute, email for leadership) belong here, not in the activities.
/// </summary>
public sealed class Notifier
{
    private readonly IReadOnlyDictionary<ContactMedium, INotificationChannel> _channels;

    public Notifier(IEnumerable<INotificationChannel> channels)
    {
        _channels = channels.ToDictionary(c => c.Medium);
        if (!_channels.ContainsKey(ContactMedium.Sms))
        {
            throw new InvalidOperationException("no SMS channel is registered: every responder is reached by SMS");
        }
    }

    public Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct) => _channels[ContactMedium.Sms].SendAsync(request, ct);
}

namespace IncidentFunctions.Application.Notifications;

/// <summary>A message the local runtime "sent" on some medium instead of handing it to a provider.</summary>
/// <param name="Medium">"sms", "voice" or "email" (<see cref="ContactMethod.Word"/>).</param>
/// <param name="Body">A text's body, what a call says, a mail's plain-text part.</param>
public sealed record OutboxEntry(string Sid, string Medium, string To, string Body, DateTimeOffset At)
{
    /// <summary>A mail's subject.</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// A call's <c>&lt;Gather&gt;</c> action: where a keypress is posted (scripts/voice-press.sh plays one, signed as Twilio
    /// signs it).
    /// </summary>
    public string? Gather { get; init; }
}

/// <summary>
/// The local runtime's outbox when no provider is configured: every text, call and mail, in order, listed by
/// GET /api/dev/outbox with each entry's medium. In memory: after a restart it is empty.
/// </summary>
public sealed class DevOutbox(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<OutboxEntry> _entries = [];
    private long _sequence;

    /// <param name="sidPrefix">The provider's id shape: "SM" for a text, "CA" for a call; marked "local" so nobody looks for it at the provider.</param>
    public OutboxEntry Add(ContactMethodType medium, string sidPrefix, string to, string body, Func<OutboxEntry, OutboxEntry>? complete = null)
    {
        lock (_gate)
        {
            _sequence++;
            // 34 characters like a real SID.
            var sid = sidPrefix + "local" + _sequence.ToString("D6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..21];
            var entry = new OutboxEntry(sid, ContactMethod.Word(medium), to, body, time.GetUtcNow());
            entry = complete?.Invoke(entry) ?? entry;
            _entries.Add(entry);
            return entry;
        }
    }

    /// <summary>Every entry so far, oldest first (a copy).</summary>
    public IReadOnlyList<OutboxEntry> Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }
}

namespace IncidentFunctions.Domain.Notifications;

/// <summary>What a key does on a page call.</summary>
public enum VoiceKey
{
    /// <summary>4: acknowledge and take the lead.</summary>
    Acknowledge,
    /// <summary>5: page the next tier now.</summary>
    Escalate,
    /// <summary>6, then 6 again: resolve.</summary>
    Resolve,
}

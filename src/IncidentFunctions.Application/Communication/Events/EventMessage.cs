namespace IncidentFunctions.Application.Communication.Events;

/// <summary>
/// A stream message before it meets a transport: what Service Bus and the Storage-queue fallback both carry.
/// <see cref="Properties"/> are Service Bus application properties (subscription filters match on them).
/// </summary>
public sealed record EventMessage(
    string MessageId,
    string SessionId,
    string Subject,
    BinaryData Body,
    IReadOnlyDictionary<string, string> Properties)
{
    public const string ContentType = "application/json";
}

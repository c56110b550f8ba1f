using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// The local runtime's calls without a Twilio account: each goes to the outbox with what it says and where a keypress
/// goes (scripts/voice-press.sh plays one, signed as Twilio would). Nothing rings and nothing reports an ending, so the
/// next rule waits for its timer.
/// </summary>
public sealed partial class OutboxVoiceCaller(DevOutbox outbox, ILogger<OutboxVoiceCaller> log) : IVoiceCaller
{
    public Task<VoiceCallResult> PlaceAsync(VoiceCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var entry = outbox.Add(ContactMethodType.Voice, "CA", call.To, call.Script, e => e with { Gather = call.GatherUrl.AbsoluteUri });
        LogQueued(entry.Sid, PhoneMask.Mask(call.To), call.Script);
        return Task.FromResult(VoiceCallResult.Queued(entry.Sid));
    }

    public Task<string?> FindPlacedAsync(string to, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken ct) =>
        Task.FromResult(outbox.Snapshot().LastOrDefault(e => e.Medium == "voice" && e.To == to && e.At >= notBefore && !knownSids.Contains(e.Sid))?.Sid);

    public TimeSpan MaxPlaceDuration => TimeSpan.Zero;

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "[outbox] Call {Sid} to {To}: {Script}")]
    private partial void LogQueued(string sid, string to, string script);
}

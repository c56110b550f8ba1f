using Azure.Storage.Queues;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Domain.Events;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EventStream;

/// <summary>
/// A subscriber of the Storage-queue event stream, as a team would write one: receive, decode, delete. Everything read
/// is kept in arrival order, so tests sharing a queue can each pick out their own incident's events.
/// </summary>
public sealed class EventQueueReader(QueueClient queue)
{
    private readonly List<(QueuedEvent Envelope, IncidentEvent Event)> _seen = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static EventQueueReader ForQueue(string name) =>
        new(new QueueClient(TestStorage.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

    /// <summary>Reads until <paramref name="done"/> holds for what has arrived for the session (incident), or fails at the deadline saying what did arrive.</summary>
    public async Task<IReadOnlyList<(QueuedEvent Envelope, IncidentEvent Event)>> WaitForSessionAsync(
        string sessionId, Func<IReadOnlyList<(QueuedEvent Envelope, IncidentEvent Event)>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var mine = await DrainAsync(sessionId);
            if (done(mine))
            {
                return mine;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"session {sessionId}: the expected events did not arrive within {timeout}; arrived: {string.Join(", ", mine.Select(m => m.Event.Type))}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<(QueuedEvent Envelope, IncidentEvent Event)>> DrainAsync(string sessionId)
    {
        await _gate.WaitAsync();
        try
        {
            if (await queue.ExistsAsync())
            {
                while (true)
                {
                    var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    foreach (var message in batch)
                    {
                        _seen.Add(EventReader.Read(message.Body.ToString()));
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                }
            }

            return _seen.Where(s => s.Envelope.SessionId == sessionId).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }
}

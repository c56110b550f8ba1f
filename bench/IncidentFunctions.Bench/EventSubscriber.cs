using Azure.Storage.Queues;
using IncidentFunctions.LocalRuntime;
using IncidentFunctions.Testing;

namespace IncidentFunctions.Bench;

/// <summary>
/// Takes the run's events off its Storage queue, as a deployment's subscriber would. Left to pile up, they would cost
/// every other queue operation: Azurite keeps the messages of all queues in one collection and a receive filters it
/// by account first (azurite/dist/src/queue/persistence/LokiQueueMetadataStore.js), so each poll of a Durable
/// control queue would scan every event ever published. Its own client: its operations are not the runtime's.
/// </summary>
internal sealed class EventSubscriber : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _received;

    public EventSubscriber(string queueName)
    {
        var queue = new QueueClient(TestStorage.ConnectionString, queueName);
        _loop = Task.Run(() => DrainAsync(queue, _stop.Token));
    }

    public long Received => Interlocked.Read(ref _received);

    private async Task DrainAsync(QueueClient queue, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct)).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                    continue;
                }

                await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct)));
                Interlocked.Add(ref _received, batch.Length);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // The runtime creates the queue on its first event.
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

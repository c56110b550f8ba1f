using IncidentFunctions.Application.Notifications.Email;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Teams;

/// <summary>
/// The incident's notices in a Teams channel (<see cref="TeamsCards"/>): the service's channel when it has its own
/// webhook, else the global one. One-way: nothing said in Teams comes back, so the room keeps no state and has nothing
/// to archive; it is finished once the incident is closed.
/// </summary>
public sealed class TeamsRoom(TeamsWebhookClient client, IOptions<TeamsOptions> options, ConsoleLinks links) : IIncidentRoom
{
    public const string RoomName = "teams";

    public string Name => RoomName;

    public bool Enabled => options.Value.Enabled;

    public async Task<RoomSync> SyncAsync(RoomSyncRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var incident = request.Incident;
        var webhook = options.Value.WebhookFor(incident.Service);
        if (webhook is not null)
        {
            var url = links.Incident(incident.Number);
            foreach (var entry in request.Entries)
            {
                if (TeamsCards.Message(entry.Entry, incident, url) is not { } message || !await request.Claims.TryClaimAsync(entry, ct))
                {
                    continue;
                }

                try
                {
                    await client.PostAsync(webhook, message, ct);
                }
                catch (Exception e) when (e is RoomUnavailableException or OperationCanceledException)
                {
                    // Given back whenever the post did not clearly go through, a timeout included: a Workflows webhook
                    // takes no idempotency key and cannot be asked what it received, and a notice shown twice costs
                    // less than an incident never announced. The entries after it wait for the retried step, in order.
                    await request.Claims.ReleaseAsync(entry, CancellationToken.None);
                    throw;
                }
            }
        }

        return new RoomSync(Finished: incident.Status == IncidentStatus.Closed);
    }
}

using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Chat;

/// <summary>One room's claims on one incident's timeline entries (see <see cref="RoomStore.TryClaimAsync"/>).</summary>
public sealed class RoomClaims(RoomStore store, long number, string room)
{
    /// <summary>True when this step may post the entry: nobody has before.</summary>
    public Task<bool> TryClaimAsync(RoomEntry entry, CancellationToken ct) => store.TryClaimAsync(number, room, entry.RowKey, ct);

    /// <summary>Gives a claim back after a post that surely did not happen (the service answered with an error).</summary>
    public Task ReleaseAsync(RoomEntry entry, CancellationToken ct) => store.ReleaseAsync(number, room, entry.RowKey, ct);
}

using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// GoAlert's flood protection, for pages by text and by call: at most one per number and medium in a window. A page
/// asked for inside it is held back (ledger row <see cref="SendOutcomes.Held"/>, listed on the number's
/// <see cref="FloodGate"/>, on the timeline) and its step is told when to ask again. The next page to the number takes
/// the number and says every incident still waiting; once it is sent, <see cref="CarryAsync"/> marks the held pages sent
/// with its id, so their own retries find them done.
/// </summary>
public sealed class FloodLimit(FloodGateStore gates, SendLedger ledger, IncidentStore incidents, TimelineStore timelineStore, TimeProvider time)
{
    /// <summary>Held pages a number's gate lists at most, for the next page to carry.</summary>
    public const int MaxWaiting = 100;

    /// <summary>Either the number is this page's now (with the held pages it carries), or the page is held until <see cref="FloodClaim.RetryAt"/>.</summary>
    /// <param name="previous">The page's ledger row as the channel read it.</param>
    public async Task<FloodClaim> ClaimAsync(NotificationRequest request, ContactMethodType medium, TimeSpan window, SendRecord? previous, CancellationToken ct)
    {
        if (previous is { Outcome: SendOutcomes.Retrying or SendOutcomes.Pending })
        {
            // An earlier execution of this page took the number and did not get through: this one is that page, not another.
            return new FloodClaim(null, []);
        }

        var (number, key, phone) = (request.IncidentNumber, request.IdempotencyKey, request.Phone);
        var self = new HeldPage(number, key);
        var words = Words.Of(medium);
        while (true)
        {
            var gate = await gates.GetAsync(medium, phone, ct);
            if (window <= TimeSpan.Zero && gate.Waiting.Count == 0)
            {
                // Flood protection off: nothing to take turns for. Writing the gate anyway would make every page to one
                // number contend for its one row (2,000 incidents paging one responder at once, ./bench.sh timers).
                // Pages held before it was turned off are still carried by the next page, below.
                return new FloodClaim(null, []);
            }

            var now = time.GetUtcNow();
            if (window > TimeSpan.Zero && gate.LastSentAt is { } last && now - last < window)
            {
                var retryAt = last + window;
                // The held row before the gate lists it: the page that carries it may run the moment it is listed, and
                // must find the row to mark sent (a later write would undo that).
                if (previous is not { Outcome: SendOutcomes.Held })
                {
                    previous = new SendRecord(request.Recipient.Name, phone, SendPurposes.Of(request.Purpose), SendOutcomes.Held, null, null, request.At)
                    {
                        Medium = medium,
                        AttemptedAt = now,
                    };
                    await ledger.RecordSendAsync(IncidentIds.PartitionKey(number), key, previous, ct);
                    await timelineStore.AppendAsync(TimelineEntries.PageHeld(number, request.At, key, words.Noun, retryAt, window,
                        new SendDetails(request.Recipient.Name, request.Why.Reason) { Medium = medium == ContactMethodType.Sms ? null : ContactMethod.Word(medium) }), ct);
                }

                // A full list is not joined: this page's own step asks again at retryAt (the follow-up below), as every
                // held page does, and is sent or held then. The list is one property of one row (64 KiB in Azure
                // Tables) and the page that carries it reads two rows per entry.
                if (!gate.Waiting.Contains(self) && gate.Waiting.Count < MaxWaiting
                    && !await gates.TryReplaceAsync(medium, phone, gate, gate with { Waiting = [.. gate.Waiting, self] }, ct))
                {
                    continue;
                }

                return new FloodClaim(retryAt, []);
            }

            if (!await gates.TryReplaceAsync(medium, phone, gate, new FloodGate(now, []), ct))
            {
                continue;
            }

            // Only pages still held, of incidents still waiting for someone, are said; the rest were sent or answered meanwhile.
            var carried = new List<CarriedPage>();
            foreach (var held in gate.Waiting.Where(h => h != self).DistinctBy(h => h.Incident))
            {
                if ((await ledger.GetSendAsync(held.Incident, held.Key, ct))?.Outcome == SendOutcomes.Held
                    && (await incidents.GetIncidentAsync(held.Incident, ct))?.Incident is { Status: IncidentStatus.Triggered } waiting)
                {
                    carried.Add(new CarriedPage(held, waiting.Service));
                }
            }

            return new FloodClaim(null, carried);
        }
    }

    /// <summary>The held pages said in the one sent (<paramref name="sid"/>): their rows sent with its id, a line on each incident's timeline.</summary>
    public async Task CarryAsync(IReadOnlyList<CarriedPage> carried, NotificationRequest request, ContactMethodType medium, string sid, CancellationToken ct)
    {
        var words = Words.Of(medium);
        foreach (var page in carried)
        {
            var (number, key) = (page.Held.Incident, page.Held.Key);
            var held = await ledger.GetSendAsync(number, key, ct);
            if (held is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
            {
                continue;
            }

            var at = held?.At ?? request.At;
            await ledger.RecordSendAsync(IncidentIds.PartitionKey(number), key,
                (held ?? new SendRecord(request.Recipient.Name, request.Phone, SendPurposes.Page, SendOutcomes.Held, null, null, at) { Medium = medium })
                with { Outcome = SendOutcomes.Sent, Sid = sid, LeaseUntil = null }, ct);
            await timelineStore.AppendAsync(TimelineEntries.Sent(number, at, TimelineEntryKind.PageSent,
                $"{words.Done} {request.Recipient.Name} in one {words.Lower} for {carried.Count + 1} incidents", key,
                new SendDetails(request.Recipient.Name) { Sid = sid, Medium = medium == ContactMethodType.Sms ? null : ContactMethod.Word(medium) }), ct);
        }
    }

    /// <summary>How the timeline names a page of the medium: "Call"/"call"/"Called", "Text"/"text"/"Paged".</summary>
    private sealed record Words(string Noun, string Lower, string Done)
    {
        public static Words Of(ContactMethodType medium) => medium == ContactMethodType.Voice ? new("Call", "call", "Called") : new("Text", "text", "Paged");
    }
}

/// <param name="RetryAt">Held back: ask again at this time. Null: the number is this page's.</param>
/// <param name="Carried">The held pages this one says too.</param>
public sealed record FloodClaim(DateTimeOffset? RetryAt, IReadOnlyList<CarriedPage> Carried);

/// <summary>A held page said in another, and its incident's service for the words.</summary>
public sealed record CarriedPage(HeldPage Held, string Service);

using System.Net;
using Azure;
using Azure.Data.Tables;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Pager tests, kept apart from incidents: a partition per responder (their name, lower case), a row per test holding
/// each method's state as JSON, plus a guard row for the flood guard; and, in the SmsContexts table beside the last
/// page, the test an "ok" from a phone answers. Tests are rare (asked for, or one per hand-off), so a responder's
/// partition is read whole.
/// </summary>
public sealed class PagerTestStore(TableServiceClient service, string tablePrefix)
{
    private const string GuardRow = "guard";
    private const string PhoneRow = "pagertest";

    private readonly TableClient _tests = TableNames.Open(service, tablePrefix, n => n.PagerTests);
    private readonly TableClient _phones = TableNames.Open(service, tablePrefix, n => n.SmsContexts);

    /// <summary>Insert-if-absent: false when a test of this id exists already (another run of the same hand-off got there).</summary>
    public async Task<bool> TryAddAsync(PagerTest test, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            await _tests.AddEntityAsync(ToEntity(test), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<PagerTest?> GetAsync(string responder, string testId, CancellationToken ct) =>
        (await GetVersionedAsync(responder, testId, ct).ConfigureAwait(false))?.Test;

    /// <summary>Every test of <paramref name="responder"/>, newest first.</summary>
    public async Task<IReadOnlyList<PagerTest>> ListAsync(string responder, CancellationToken ct)
    {
        var pk = Partition(responder);
        var list = new List<PagerTest>();
        await foreach (var e in _tests.QueryAsync<PagerTestEntity>(x => x.PartitionKey == pk && x.RowKey != GuardRow, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToTest(e));
        }

        return [.. list.OrderByDescending(t => t.StartedAt)];
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the test as stored, under its ETag, reading again when someone else wrote in
    /// between (a confirmation arriving while the sends are being recorded). Null when there is no such test.
    /// </summary>
    public async Task<PagerTest?> UpdateAsync(string responder, string testId, Func<PagerTest, PagerTest> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            if (await GetVersionedAsync(responder, testId, ct).ConfigureAwait(false) is not { } current)
            {
                return null;
            }

            var changed = change(current.Test);
            if (changed == current.Test)
            {
                return changed;
            }

            try
            {
                await _tests.UpdateEntityAsync(ToEntity(changed), current.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone else's write won: apply the change to theirs.
            }
        }
    }

    /// <summary>
    /// The flood guard: claims an asked-for test of <paramref name="responder"/> at <paramref name="now"/> unless one was
    /// claimed less than <paramref name="gap"/> before. One claim wins however many arrive at once (insert-if-absent, then
    /// a replace under the ETag read), so no check-then-insert race lets two through. Returns the blocking claim's instant
    /// when refused.
    /// </summary>
    public async Task<DateTimeOffset?> TryClaimAskedAsync(string responder, DateTimeOffset now, TimeSpan gap, CancellationToken ct)
    {
        var pk = Partition(responder);
        var row = await _tests.GetEntityIfExistsAsync<PagerTestGuardEntity>(pk, GuardRow, cancellationToken: ct).ConfigureAwait(false);
        if (row.HasValue && row.Value!.LastAskedAt > now - gap)
        {
            return row.Value.LastAskedAt;
        }

        var claim = new PagerTestGuardEntity { PartitionKey = pk, RowKey = GuardRow, LastAskedAt = now };
        try
        {
            if (row.HasValue)
            {
                await _tests.UpdateEntityAsync(claim, row.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
            else
            {
                await _tests.AddEntityAsync(claim, ct).ConfigureAwait(false);
            }

            return null;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // A claim at the same moment won; it is within the gap by definition.
            return now;
        }
    }

    /// <summary>
    /// Makes <paramref name="testId"/>'s method <paramref name="methodKey"/> the one an "ok" from <paramref name="phone"/>
    /// confirms. Written before the text goes, as the reply can beat the end of the send.
    /// </summary>
    public async Task SetOpenOnPhoneAsync(string phone, string responder, string testId, string methodKey, DateTimeOffset at, CancellationToken ct)
    {
        await _phones.UpsertEntityAsync(new PagerTestPhoneEntity
        {
            PartitionKey = KeyFor(phone),
            RowKey = PhoneRow,
            Responder = responder,
            TestId = testId,
            MethodKey = methodKey,
            SentAt = at,
        }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>The test method an "ok" from <paramref name="phone"/> would confirm, however old (the caller judges that).</summary>
    public async Task<PagerTestOnPhone?> GetOpenOnPhoneAsync(string phone, CancellationToken ct)
    {
        var row = await _phones.GetEntityIfExistsAsync<PagerTestPhoneEntity>(KeyFor(phone), PhoneRow, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? new PagerTestOnPhone(row.Value!.Responder, row.Value.TestId, row.Value.MethodKey, row.Value.SentAt) : null;
    }

    private async Task<VersionedPagerTest?> GetVersionedAsync(string responder, string testId, CancellationToken ct)
    {
        if (testId == GuardRow)
        {
            return null;
        }

        var row = await _tests.GetEntityIfExistsAsync<PagerTestEntity>(Partition(responder), KeyFor(testId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? new VersionedPagerTest(ToTest(row.Value!), row.Value!.ETag) : null;
    }

    private static string Partition(string responder) => KeyFor(responder.ToLowerInvariant());

    private static PagerTestEntity ToEntity(PagerTest test) => new()
    {
        PartitionKey = Partition(test.Responder),
        RowKey = KeyFor(test.Id),
        Responder = test.Responder,
        StartedAt = test.StartedAt,
        Reason = test.Reason.ToString(),
        Schedule = test.Schedule,
        MethodsJson = StoredJson.Serialize(test.Methods),
        OwnerToldAt = test.OwnerToldAt,
    };

    private static PagerTest ToTest(PagerTestEntity e) =>
        new(e.RowKey, e.Responder, e.StartedAt, Enum.Parse<PagerTestReason>(e.Reason), StoredJson.Deserialize<List<PagerTestMethod>>(e.MethodsJson))
        {
            Schedule = e.Schedule,
            OwnerToldAt = e.OwnerToldAt,
        };

    private sealed record VersionedPagerTest(PagerTest Test, ETag ETag);
}

/// <summary>The test method a text "ok" from one phone confirms, and when its text went.</summary>
public sealed record PagerTestOnPhone(string Responder, string TestId, string MethodKey, DateTimeOffset SentAt);

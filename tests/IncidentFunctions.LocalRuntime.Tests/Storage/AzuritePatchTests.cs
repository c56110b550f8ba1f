using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Storage;

/// <summary>
/// patches/azurite+3.37.0.patch changes how Azurite finds what it answers with (a pinned partition starts from the
/// PartitionKey index, point reads look up the partition first, a receive searches one queue's messages and updates
/// them one by one). These pin that the answers themselves are unchanged: every test in the suite runs on the patched
/// Azurite, but few of them query across partitions, page, or mix queues.
/// </summary>
public sealed class AzuritePatchTests
{
    private static readonly string[] Partitions = ["a", "b", "c", "b2"];

    [Fact]
    public async Task Queries_answer_the_same_rows_whether_or_not_the_filter_pins_a_partition()
    {
        var table = await NewTableAsync();
        try
        {
            await QueriesAsync(table);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    private static async Task QueriesAsync(TableClient table)
    {
        var all = new List<(string P, string R, int N)>();
        var n = 0;
        foreach (var p in Partitions)
        {
            for (var r = 0; r < 7; r++)
            {
                var row = (p, r.ToString("00", System.Globalization.CultureInfo.InvariantCulture), n++ % 3);
                all.Add(row);
                await table.AddEntityAsync(new TableEntity(row.p, row.Item2) { ["N"] = row.Item3 });
            }
        }

        async Task<List<string>> Query(string? filter, int? pageSize = null)
        {
            var found = new List<string>();
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize).AsPages())
            {
                found.AddRange(page.Values.Select(e => e.PartitionKey + "/" + e.RowKey));
            }

            return found;
        }

        List<string> Expect(Func<(string P, string R, int N), bool> where) =>
            all.Where(where).OrderBy(e => e.P, StringComparer.Ordinal).ThenBy(e => e.R, StringComparer.Ordinal).Select(e => e.P + "/" + e.R).ToList();

        Assert.Equal(Expect(e => e.P == "b"), await Query("PartitionKey eq 'b'"));
        Assert.Equal(Expect(e => e.P == "b"), await Query("PartitionKey eq 'b'", pageSize: 2));
        Assert.Equal(Expect(e => e.P == "b" && string.CompareOrdinal(e.R, "03") >= 0), await Query("(PartitionKey eq 'b') and (RowKey ge '03')", pageSize: 3));
        Assert.Equal(Expect(e => e.P == "c" && e.R == "01"), await Query("RowKey eq '01' and PartitionKey eq 'c'"));
        Assert.Equal(Expect(e => e.P == "c" && e.N == 1 && string.CompareOrdinal(e.R, "06") < 0), await Query("N eq 1 and (PartitionKey eq 'c' and RowKey lt '06')"));
        Assert.Equal(Expect(e => e.P is "a" or "c"), await Query("PartitionKey eq 'a' or PartitionKey eq 'c'", pageSize: 4));
        Assert.Equal(Expect(e => e.P == "a" || e.R == "02"), await Query("PartitionKey eq 'a' or RowKey eq '02'"));
        Assert.Equal(Expect(e => e.P != "a"), await Query("not (PartitionKey eq 'a')"));
        Assert.Equal(Expect(e => string.CompareOrdinal(e.P, "b") >= 0), await Query("PartitionKey ge 'b'", pageSize: 5));
        Assert.Equal(Expect(e => e.P == "b" && e.N == 2), await Query("PartitionKey eq 'b' and N eq 2"));
        Assert.Empty(await Query("PartitionKey eq 'zz'"));
        Assert.Equal(all.Count, (await Query(null)).Count);
    }

    [Fact]
    public async Task Point_reads_writes_and_deletes_find_the_row_of_their_partition_among_rows_with_the_same_row_key()
    {
        // Durable Task's History rows share their row keys across every instance: the patched lookup starts from the
        // partition, and must still find exactly the one row.
        var table = await NewTableAsync();
        try
        {
            await PointOperationsAsync(table);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    private static async Task PointOperationsAsync(TableClient table)
    {
        foreach (var p in Partitions)
        {
            await table.AddEntityAsync(new TableEntity(p, "0000000000000001") { ["Owner"] = p });
        }

        var b = (await table.GetEntityAsync<TableEntity>("b", "0000000000000001")).Value;
        Assert.Equal("b", b["Owner"]);

        await table.UpdateEntityAsync(new TableEntity("b", "0000000000000001") { ["Owner"] = "b, merged" }, b.ETag, TableUpdateMode.Merge);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.UpdateEntityAsync(new TableEntity("b", "0000000000000001") { ["Owner"] = "lost" }, b.ETag, TableUpdateMode.Replace));
        Assert.Equal(412, stale.Status);
        await table.UpsertEntityAsync(new TableEntity("c", "0000000000000001") { ["Owner"] = "c, replaced" }, TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity("d", "0000000000000001") { ["Owner"] = "d, inserted" }, TableUpdateMode.Merge);
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("a", "0000000000000001")));
        Assert.Equal(409, conflict.Status);
        await table.DeleteEntityAsync("a", "0000000000000001");

        var owners = new Dictionary<string, string>();
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            owners[e.PartitionKey] = (string)e["Owner"];
        }

        Assert.Equal(
            new Dictionary<string, string> { ["b"] = "b, merged", ["b2"] = "b2", ["c"] = "c, replaced", ["d"] = "d, inserted" },
            owners);
    }

    [Fact]
    public async Task A_receive_takes_the_visible_messages_of_its_own_queue_only_and_hides_them_until_their_timeout()
    {
        var service = new QueueServiceClient(TestStorage.ConnectionString);
        var name = "patch-" + Guid.NewGuid().ToString("N")[..12];
        var mine = service.GetQueueClient(name + "-a");
        var other = service.GetQueueClient(name + "-b");
        await mine.CreateAsync();
        await other.CreateAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await other.SendMessageAsync("other " + i);
            }

            await mine.SendMessageAsync("first");
            await mine.SendMessageAsync("second");
            await mine.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromHours(1));

            var got = (await mine.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
            Assert.Equal(["first", "second"], got.Select(m => m.MessageText));
            Assert.All(got, m => Assert.Equal(1, m.DequeueCount));

            // Taken: hidden from the next receive, and each one's receipt still deletes or updates it.
            Assert.Empty((await mine.ReceiveMessagesAsync(maxMessages: 32)).Value);
            await mine.DeleteMessageAsync(got[0].MessageId, got[0].PopReceipt);
            var updated = (await mine.UpdateMessageAsync(got[1].MessageId, got[1].PopReceipt, "second, again", TimeSpan.Zero)).Value;
            var again = Assert.Single((await mine.ReceiveMessagesAsync(maxMessages: 32)).Value);
            Assert.Equal("second, again", again.MessageText);
            Assert.Equal(2, again.DequeueCount);
            // The receipt of the update is stale once the message was received again (Azure answers 400 PopReceiptMismatch).
            var stale = await Assert.ThrowsAsync<RequestFailedException>(() => mine.DeleteMessageAsync(got[1].MessageId, updated.PopReceipt));
            Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
            await mine.DeleteMessageAsync(again.MessageId, again.PopReceipt);
            Assert.Empty((await mine.PeekMessagesAsync(maxMessages: 32)).Value);

            Assert.Equal(5, (await other.ReceiveMessagesAsync(maxMessages: 32)).Value.Length);
        }
        finally
        {
            await mine.DeleteIfExistsAsync();
            await other.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task An_expired_message_is_gone_and_takes_no_other_with_it()
    {
        var queue = new QueueServiceClient(TestStorage.ConnectionString).GetQueueClient("patch-" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateAsync();
        try
        {
            await queue.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1));
            await queue.SendMessageAsync("kept");

            // Azurite clears expired messages on the queue's next operation; poll until the short-lived one is gone.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string[] seen;
            do
            {
                seen = (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Select(m => m.MessageText).ToArray();
                if (seen.Length == 1)
                {
                    break;
                }

                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal(["kept"], seen);
            Assert.Equal("kept", Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value).MessageText);
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
        }
    }

    private static async Task<TableClient> NewTableAsync()
    {
        var table = new TableClient(TestStorage.ConnectionString, "patch" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        return table;
    }
}

using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// Each test world runs under a task hub of its own, whose name also prefixes its tables and names its event queue, so
/// worlds share one Azurite without sharing data. This names them and deletes everything one left behind.
/// </summary>
public static class TaskHubs
{
    /// <summary>The prefix and 16 hex digits: a valid task hub name, table-name prefix and queue name, new every call.</summary>
    public static string NewName(string prefix = "t") => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Deletes the hub's tables (the Durable backend's and the application's), queues and blob containers. Deleting a
    /// task hub leaves its app-lease container (&lt;hub&gt;-applease) leased for a while: the lease is broken first.
    /// </summary>
    public static async Task DeleteAsync(string storage, string hub)
    {
        var prefix = hub.ToLowerInvariant();
        var tables = new TableServiceClient(storage);
        await foreach (var table in tables.QueryAsync(maxPerPage: 1000))
        {
            if (table.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }

        var queues = new QueueServiceClient(storage);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }

        var blobs = new BlobServiceClient(storage);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            if (container.Properties.LeaseState == LeaseState.Leased)
            {
                await client.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
            }

            await client.DeleteIfExistsAsync();
        }
    }
}

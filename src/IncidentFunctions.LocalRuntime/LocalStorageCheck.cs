using System.Net.Sockets;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// Fails fast, with the fix in the message, when the storage is an emulator on this machine that is not running.
/// Without it the Azure SDK retries for about 25 seconds before failing with "Connection refused".
/// </summary>
internal static class LocalStorageCheck
{
    public static async Task ThrowIfNotListeningAsync(string connectionString, CancellationToken ct)
    {
        foreach (var (service, endpoint) in LoopbackEndpoints(connectionString))
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(endpoint.Host, endpoint.Port, ct);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException(
                    $"Nothing listens on {endpoint.Host}:{endpoint.Port}, the {service} endpoint of the local storage emulator. " +
                    "Start Azurite with scripts/azurite.sh start (./run.sh and ./test.sh do it for you).");
            }
        }
    }

    private static IEnumerable<(string Service, Uri Endpoint)> LoopbackEndpoints(string connectionString)
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return [("blob", new Uri("http://127.0.0.1:10000")), ("queue", new Uri("http://127.0.0.1:10001")), ("table", new Uri("http://127.0.0.1:10002"))];
        }

        return connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase))
            .Select(kv => (Service: kv[0][..^"Endpoint".Length].ToLowerInvariant(), Uri: Uri.TryCreate(kv[1], UriKind.Absolute, out var uri) ? uri : null))
            .Where(e => e.Uri is { IsLoopback: true })
            .Select(e => (e.Service, e.Uri!));
    }
}

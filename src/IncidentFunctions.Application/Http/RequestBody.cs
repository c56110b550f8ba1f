using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>Reads a request body up to a limit without trusting Content-Length (chunked bodies have none).</summary>
public static class RequestBody
{
    public const int MaxAlertBodyBytes = 512 * 1024;

    /// <returns>The bytes, or null when the body is larger than <paramref name="limit"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is long n and > 0 ? (int)n : 4096);
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, ct);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }
}

using System.Globalization;
using System.Net;

namespace IncidentFunctions.Application.Chat;

/// <summary>
/// How both chat clients (Slack's Web API, Teams' webhooks) send: each request under <see cref="RequestTimeout"/>; a
/// 429 waited out per its Retry-After, and a 429, 5xx or no answer tried again, up to <see cref="MaxAttempts"/> in
/// all; a Retry-After longer than <see cref="MaxRetryAfter"/> ends the step, which is tried again later instead.
/// </summary>
public sealed record ChatRetry(TimeSpan RequestTimeout, int MaxAttempts, TimeSpan MaxRetryAfter)
{
    /// <summary>What is wrong with these settings, each named under <paramref name="section"/>.</summary>
    public IEnumerable<string> Failures(string section)
    {
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:RequestTimeout must be more than 0 and at most a minute.";
        }

        if (MaxAttempts is < 1 or > 10)
        {
            yield return $"{section}:MaxAttempts must be between 1 and 10.";
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{section}:MaxRetryAfter must not be negative.";
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (made anew for each attempt) until an answer worth reading: any but 429 and 5xx.
    /// </summary>
    /// <param name="retrying">Told the reason and the attempt before each wait, for the caller's log.</param>
    /// <returns>The answer (the caller disposes it), or why it gave up.</returns>
    public async Task<ChatSend> SendAsync(HttpClient http, Func<HttpRequestMessage> request, TimeProvider time, Action<string, int> retrying, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait = null;
            string last;
            HttpStatusCode? status = null;
            Exception? error = null;
            try
            {
                using var message = request();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(RequestTimeout);
                var response = await http.SendAsync(message, timeout.Token);
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    return new ChatSend(response, attempt, null, null, null, null);
                }

                status = response.StatusCode;
                last = $"HTTP {(int)response.StatusCode}";
                wait = status == HttpStatusCode.TooManyRequests ? RetryAfter(response, time) : null;
                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // HttpRequestException names the host and port at most, never the query (a Teams URL's signature).
                last = e is TaskCanceledException ? "no answer within " + RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s" : e.Message;
                error = e;
            }

            if (attempt >= MaxAttempts || wait > MaxRetryAfter)
            {
                return new ChatSend(null, attempt, last, status, wait > MaxRetryAfter ? wait : null, error);
            }

            retrying(last, attempt);
            await Task.Delay(wait ?? TimeSpan.FromSeconds(attempt), time, ct);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter?.Delta is { } delta ? delta
        : response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow()
        : TimeSpan.FromSeconds(1);
}

/// <summary>
/// One send's end: the <see cref="Response"/> to read, or null after <see cref="Attempts"/> tries, the last of which
/// ended with <see cref="Last"/> (<see cref="LastStatus"/> when it was an HTTP answer); <see cref="TooLongWait"/> when a
/// Retry-After was longer than allowed.
/// </summary>
public sealed record ChatSend(HttpResponseMessage? Response, int Attempts, string? Last, HttpStatusCode? LastStatus, TimeSpan? TooLongWait, Exception? Error)
    : IDisposable
{
    public void Dispose() => Response?.Dispose();
}

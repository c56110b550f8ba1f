using System.Net;
using Twilio.Http;
using TwilioHttpClient = Twilio.Http.HttpClient;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// The Twilio SDK's HTTP seam. The SDK builds every request for https://{domain}.twilio.com/...; this client
/// (1) rewrites scheme/host/port (and an optional path prefix) to <see cref="TwilioOptions.ApiBaseUrl"/> when one is set,
/// (2) sends through the SDK's own <see cref="SystemNetHttpClient"/> over a System.Net.Http.HttpClient from
/// IHttpClientFactory (named client "twilio"), created per request as the factory intends, and
/// (3) reports the raw status and Retry-After of each answer to the <see cref="TwilioCallState"/> of the current send,
/// because the SDK's ApiException carries neither the headers nor, for non-JSON bodies, the status.
/// </summary>
internal sealed class TwilioRoutingHttpClient(IHttpClientFactory factory, Uri? apiBaseUrl, TimeProvider time) : TwilioHttpClient
{
    public override TwilioResponse MakeRequest(TwilioRequest request) =>
        MakeRequestAsync(request).GetAwaiter().GetResult();

    public override async Task<TwilioResponse> MakeRequestAsync(TwilioRequest request)
    {
        var routed = Route(request, apiBaseUrl);
        var inner = new SystemNetHttpClient(factory.CreateClient(TwilioSmsSender.HttpClientName));
        var response = await inner.MakeRequestAsync(routed).ConfigureAwait(false);
        TwilioCallState.Current?.Observe(response, time.GetUtcNow());
        return response;
    }

    /// <summary>The request as the SDK built it, moved onto <paramref name="baseUrl"/>; unchanged when there is none.</summary>
    internal static TwilioRequest Route(TwilioRequest request, Uri? baseUrl)
    {
        if (baseUrl is null)
        {
            return request;
        }

        // request.Uri is the SDK's https://api.twilio.com/2010-04-01/...; keep its path (after any prefix of the base URL)
        // and leave region/edge unset: they would rewrite the host again.
        var original = request.Uri;
        var prefix = baseUrl.AbsolutePath.TrimEnd('/');
        var target = new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port, prefix + original.AbsolutePath, original.Query);
        var routed = new TwilioRequest(request.Method, target.Uri.AbsoluteUri)
        {
            Username = request.Username,
            Password = request.Password,
            AuthStrategy = request.AuthStrategy,
            UserAgentExtensions = request.UserAgentExtensions,
            ContentType = request.ContentType,
            Body = request.Body,
        };

        foreach (var p in request.QueryParams)
        {
            routed.AddQueryParam(p.Key, p.Value);
        }

        foreach (var p in request.PostParams)
        {
            routed.AddPostParam(p.Key, p.Value);
        }

        foreach (var p in request.HeaderParams)
        {
            routed.AddHeaderParam(p.Key, p.Value);
        }

        return routed;
    }
}

/// <summary>
/// Per-attempt state shared between <see cref="TwilioSmsSender"/> and the HTTP layer underneath the SDK, which has no
/// parameter for it: the caller's cancellation token going down, the raw status and Retry-After coming back up.
/// Flows with the async call (AsyncLocal), so concurrent sends never see each other's state.
/// </summary>
internal sealed class TwilioCallState
{
    private static readonly AsyncLocal<TwilioCallState?> CurrentState = new();

    private TwilioCallState(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    public static TwilioCallState? Current => CurrentState.Value;

    public CancellationToken CancellationToken { get; }

    /// <summary>HTTP status of the answer, when one came.</summary>
    public int? StatusCode { get; private set; }

    /// <summary>The answer's Retry-After as a delay, when it had one.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>Starts the state of one attempt in the current async flow (the caller's flow is not affected).</summary>
    public static TwilioCallState Begin(CancellationToken cancellationToken)
    {
        var state = new TwilioCallState(cancellationToken);
        CurrentState.Value = state;
        return state;
    }

    public static void End() => CurrentState.Value = null;

    public void Observe(TwilioResponse response, DateTimeOffset now)
    {
        StatusCode = (int)response.StatusCode;
        var retryAfter = response.Headers?.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            RetryAfter = delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        else if (retryAfter?.Date is DateTimeOffset date)
        {
            RetryAfter = date > now ? date - now : TimeSpan.Zero;
        }
    }

    internal static bool IsTransientStatus(int status) => status == (int)HttpStatusCode.TooManyRequests || status >= 500;
}

/// <summary>
/// First handler of the "twilio" HttpClient: links the caller's cancellation token (which the SDK cannot pass on) to the
/// HTTP call, so a cancelled send stops its socket instead of waiting for the request timeout.
/// </summary>
internal sealed class TwilioCancellationHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var ambient = TwilioCallState.Current?.CancellationToken ?? CancellationToken.None;
        if (!ambient.CanBeCanceled)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ambient);
        return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
    }
}

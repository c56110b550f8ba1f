using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// The app's voice webhooks as Twilio is given them and signs them. A call is named in the query (incident and
/// idempotency key), so every webhook finds its ledger row without an index; the signature covers the query, so nobody
/// can point a keypress at another call.
/// </summary>
/// <param name="azureHostName">WEBSITE_HOSTNAME: App Service names the app's host; the Functions host serves HTTPS there.</param>
public sealed class VoiceUrls(IOptions<TwilioOptions> twilio, string? azureHostName, IServiceProvider services)
{
    public const string TwimlPath = "api/voice/twiml";
    public const string GatherPath = "api/voice/gather";
    public const string StatusPath = "api/voice/status";

    /// <summary>The query parameter that names a pager test's call instead of an incident's.</summary>
    public const string TestParameter = "test";

    /// <summary>The webhooks of one call.</summary>
    public (Uri Twiml, Uri Status, Uri Gather) For(long incident, string key) =>
        (Url(TwimlPath, incident, key), Url(StatusPath, incident, key), Url(GatherPath, incident, key, ("round", "1")));

    /// <summary>The webhooks of one pager test call: named by the test ("test=…"), never by an incident.</summary>
    public (Uri Twiml, Uri Status, Uri Gather) ForPagerTest(string testId, string key) =>
        (TestUrl(TwimlPath, testId, key), TestUrl(StatusPath, testId, key), TestUrl(GatherPath, testId, key, ("round", "1")));

    /// <summary>One webhook of one call, absolute (a path prefix of the public base stays).</summary>
    public Uri Url(string path, long incident, string key, params (string Name, string Value)[] more) =>
        Build(path, ("incident", incident.ToString(CultureInfo.InvariantCulture)), key, more);

    /// <summary>One webhook of one pager test call.</summary>
    public Uri TestUrl(string path, string testId, string key, params (string Name, string Value)[] more) =>
        Build(path, (TestParameter, testId), key, more);

    private Uri Build(string path, (string Name, string Value) call, string key, (string Name, string Value)[] more)
    {
        var root = Base() ?? throw new InvalidOperationException(
            $"no public URL for Twilio to fetch calls from: set {TwilioOptions.Section}:PublicBaseUrl or {TwilioOptions.Section}:InboundUrl");
        return new(root.TrimEnd('/') + "/" + path + Query(call, key, more), UriKind.Absolute);
    }

    /// <summary>
    /// The URL Twilio signed for <paramref name="request"/>: the request's path and query on the configured public base
    /// when there is one (proxies and the Functions front end change what the app sees), else the request as received.
    /// </summary>
    public string SignedUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = ConfiguredBase();
        return configured is null
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}"
            : configured.TrimEnd('/') + request.Path + request.QueryString;
    }

    private string? Base() => ConfiguredBase() ?? ListeningBase();

    private string? ConfiguredBase()
    {
        var options = twilio.Value;
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return options.PublicBaseUrl.Trim();
        }

        if (!string.IsNullOrWhiteSpace(options.InboundUrl))
        {
            var inbound = options.InboundUrl.Trim();
            var api = inbound.IndexOf("/api/", StringComparison.OrdinalIgnoreCase);
            return api < 0 ? new Uri(inbound).GetLeftPart(UriPartial.Authority) : inbound[..api];
        }

        return string.IsNullOrWhiteSpace(azureHostName) ? null : "https://" + azureHostName.Trim();
    }

    /// <summary>The local runtime: the address its server listens on (its port may have been picked at start).</summary>
    private string? ListeningBase() =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string Query((string Name, string Value) call, string key, (string Name, string Value)[] more) =>
        "?" + call.Name + "=" + Uri.EscapeDataString(call.Value) + "&key=" + Uri.EscapeDataString(key)
        + string.Concat(more.Select(p => "&" + p.Name + "=" + Uri.EscapeDataString(p.Value)));
}

using IncidentFunctions.Testing;
using Twilio.Clients;
using Twilio.Http;
using HttpClient = System.Net.Http.HttpClient;

namespace IncidentFunctions.Application.Tests.Notifications.Voice;

/// <summary>
/// The Twilio SDK pointed at a <see cref="FakeTwilioServer"/>: its requests for https://api.twilio.com/... go to the
/// fake's base URL, path and query unchanged (what TwilioRoutingHttpClient does for the app, without its options).
/// </summary>
internal sealed class FakeTwilioRouting(Uri baseUrl) : DelegatingHandler(new SocketsHttpHandler())
{
    public static TwilioRestClient Client(FakeTwilioServer fake, out HttpClient http, string? authToken = null)
    {
        http = new HttpClient(new FakeTwilioRouting(new Uri(fake.BaseUrl)));
        return new TwilioRestClient(fake.AccountSid, authToken ?? fake.AuthToken, httpClient: new SystemNetHttpClient(http));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri!;
        request.RequestUri = new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port, original.AbsolutePath, original.Query).Uri;
        return base.SendAsync(request, cancellationToken);
    }
}

using IncidentFunctions.Application.Notifications.Sms;
using Twilio.Http;
using HttpMethod = Twilio.Http.HttpMethod;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

/// <summary>The pieces of the sender that need no HTTP: base-URL routing, backoff and number masking.</summary>
public sealed class TwilioSmsSenderUnitTests
{
    private static Request SdkRequest()
    {
        var request = new Request(HttpMethod.Post, "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json");
        request.SetAuth("AC00000000000000000000000000000001", "token-for-routing-test");
        request.AddPostParam("To", "+15550100001");
        request.AddPostParam("Body", "hi");
        request.AddQueryParam("PageSize", "2");
        request.AddHeaderParam("X-Custom", "1");
        return request;
    }

    [Fact]
    public void Routing_moves_scheme_host_and_port_and_keeps_everything_else()
    {
        var routed = TwilioRoutingHttpClient.Route(SdkRequest(), new Uri("http://127.0.0.1:5123"));

        Assert.Equal("http://127.0.0.1:5123/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json", routed.Uri.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5123/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=2", routed.ConstructUrl().AbsoluteUri);
        Assert.Equal(HttpMethod.Post, routed.Method);
        Assert.Equal("AC00000000000000000000000000000001", routed.Username);
        Assert.Equal("token-for-routing-test", routed.Password);
        Assert.Equal(SdkRequest().PostParams, routed.PostParams);
        Assert.Equal(SdkRequest().HeaderParams, routed.HeaderParams);
    }

    [Fact]
    public void Routing_honours_a_path_prefix()
    {
        var routed = TwilioRoutingHttpClient.Route(SdkRequest(), new Uri("https://proxy.example.test:8443/twilio/"));

        Assert.Equal("https://proxy.example.test:8443/twilio/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=2",
            routed.ConstructUrl().AbsoluteUri);
    }

    [Fact]
    public void Without_a_base_url_the_request_is_untouched()
    {
        var request = SdkRequest();

        Assert.Same(request, TwilioRoutingHttpClient.Route(request, null));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        var o = new TwilioOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500) };

        Assert.Equal(TimeSpan.FromMilliseconds(50), TwilioSmsSender.Backoff(1, null, o, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), TwilioSmsSender.Backoff(1, null, o, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), TwilioSmsSender.Backoff(2, null, o, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), TwilioSmsSender.Backoff(3, null, o, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(500), TwilioSmsSender.Backoff(4, null, o, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(500), TwilioSmsSender.Backoff(60, null, o, 1));
        var d = TwilioSmsSender.Backoff(3, null, o, 0.5);
        Assert.InRange(d, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void Backoff_waits_at_least_retry_after_up_to_its_cap()
    {
        var o = new TwilioOptions { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxRetryAfter = TimeSpan.FromSeconds(5) };

        Assert.Equal(TimeSpan.FromSeconds(2), TwilioSmsSender.Backoff(1, TimeSpan.FromSeconds(2), o, 1));
        Assert.Equal(TimeSpan.FromSeconds(5), TwilioSmsSender.Backoff(1, TimeSpan.FromMinutes(3), o, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(10), TwilioSmsSender.Backoff(1, TimeSpan.Zero, o, 1));
    }

    [Fact]
    public void The_longest_send_counts_every_attempt_the_longest_waits_and_the_lookups_between()
    {
        var o = new TwilioOptions
        {
            MaxAttempts = 3, RequestTimeout = TimeSpan.FromSeconds(10), InitialBackoff = TimeSpan.FromSeconds(4),
            MaxBackoff = TimeSpan.FromSeconds(6), MaxRetryAfter = TimeSpan.FromSeconds(5),
        };

        // 3 attempts of 10 s; before the 2nd max(4, 5) s and a lookup of 2 reads; before the 3rd max(6, 5) s and a lookup.
        Assert.Equal(TimeSpan.FromSeconds(30 + (5 + 20) + (6 + 20)), TwilioSmsSender.MaxSendDurationFor(o));
        // The defaults: 4 attempts of 15 s, 3 × (30 s backoff + 2 reads of 15 s). With the ledger's lease margin this stays
        // inside the Durable backend's default visibility timeout (5 minutes).
        Assert.Equal(TimeSpan.FromMinutes(4), TwilioSmsSender.MaxSendDurationFor(new TwilioOptions()));
        Assert.True(TwilioSmsSender.MaxSendDurationFor(new TwilioOptions()) + IncidentFunctions.Application.Notifications.Sms.SmsDispatcher.LeaseMargin < TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(10), TwilioSmsSender.MaxSendDurationFor(new TwilioOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(10) }));
    }

    [Theory]
    [InlineData("+15550100001", "+1555…0001")]
    [InlineData("+447700900123", "+4477…0123")]
    [InlineData("12345", "…45")]
    [InlineData("", "(none)")]
    [InlineData(null, "(none)")]
    public void Phone_numbers_are_masked(string? phone, string expected)
    {
        Assert.Equal(expected, PhoneMask.Mask(phone));
    }
}

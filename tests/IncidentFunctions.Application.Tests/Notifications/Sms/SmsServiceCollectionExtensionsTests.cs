using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

public sealed class SmsServiceCollectionExtensionsTests
{
    private static Dictionary<string, string?> Twilio(string? accountSid = "AC00000000000000000000000000000001", string? token = "dev-token",
        string? from = "+15550100000", string? service = null) => new()
        {
            ["Twilio:AccountSid"] = accountSid,
            ["Twilio:AuthToken"] = token,
            ["Twilio:FromNumber"] = from,
            ["Twilio:MessagingServiceSid"] = service,
        };

    [Fact]
    public void With_an_account_sid_texts_go_to_twilio()
    {
        using var sp = SmsTestServices.Build(Twilio(), allowOutbox: true);

        Assert.IsType<TwilioSmsSender>(sp.GetRequiredService<ISmsSender>());
        Assert.Null(sp.GetService<OutboxSmsSender>());
        Assert.NotNull(sp.GetRequiredService<TwilioInboundValidator>());
    }

    [Fact]
    public void Without_an_account_sid_the_local_runtime_uses_the_outbox()
    {
        using var sp = SmsTestServices.Build(Twilio(accountSid: null, from: null), allowOutbox: true);

        var outbox = sp.GetRequiredService<OutboxSmsSender>();
        Assert.Same(outbox, sp.GetRequiredService<ISmsSender>());
        Assert.NotNull(sp.GetRequiredService<TwilioInboundValidator>());
    }

    [Fact]
    public void Without_an_account_sid_functions_refuses_to_start()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(Twilio(accountSid: ""), allowOutbox: false));

        Assert.Contains("Twilio:AccountSid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Key_Vault_reference_that_did_not_resolve_is_refused_not_taken_as_the_token()
    {
        var reference = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/twilio-auth-token)";

        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(Twilio(token: reference), allowOutbox: false));

        Assert.Contains("Twilio:AuthToken is a Key Vault reference that did not resolve", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_auth_token_is_always_required(bool allowOutbox)
    {
        var settings = Twilio(accountSid: allowOutbox ? null : "AC00000000000000000000000000000001", token: null);

        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(settings, allowOutbox));

        Assert.Contains("Twilio:AuthToken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sender_identity_is_required_with_an_account_sid()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(Twilio(from: null, service: null), allowOutbox: false));

        Assert.Contains("Twilio:FromNumber", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Twilio:MessagingServiceSid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_voice_settings_are_checked_with_the_rest()
    {
        var settings = Twilio();
        settings["Twilio:VoiceFromNumber"] = "5550100";
        settings["Twilio:PublicBaseUrl"] = "incidents.example.com";
        settings["Twilio:CallFloodWindow"] = "00:11:00";

        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(settings, allowOutbox: false));

        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Twilio:VoiceFromNumber must be an E.164 number", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Twilio:PublicBaseUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Twilio:CallFloodWindow must be between 0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_messaging_service_alone_is_enough()
    {
        using var sp = SmsTestServices.Build(Twilio(from: null, service: SmsTestServices.TestMessagingServiceSid), allowOutbox: false);

        Assert.IsType<TwilioSmsSender>(sp.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public void Bad_urls_and_attempts_are_reported_together()
    {
        var settings = Twilio();
        settings["Twilio:ApiBaseUrl"] = "not a url";
        settings["Twilio:InboundUrl"] = "/relative";
        settings["Twilio:MaxAttempts"] = "0";

        var ex = Assert.Throws<OptionsValidationException>(() => SmsTestServices.Build(settings, allowOutbox: false));

        Assert.Contains("Twilio:ApiBaseUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Twilio:InboundUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Twilio:MaxAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public void Options_bind_with_defaults_and_the_named_client_uses_the_request_timeout()
    {
        var settings = Twilio();
        settings["Twilio:RequestTimeout"] = "00:00:07";
        settings["Twilio:InboundUrl"] = "https://incidents.example.test/api/sms/inbound";
        using var sp = SmsTestServices.Build(settings, allowOutbox: false);

        var options = sp.GetRequiredService<IOptions<TwilioOptions>>().Value;
        Assert.Equal(4, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialBackoff);
        Assert.Equal("https://incidents.example.test/api/sms/inbound", options.InboundUrl);
        var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(TwilioSmsSender.HttpClientName);
        Assert.Equal(TimeSpan.FromSeconds(7), client.Timeout);
    }
}

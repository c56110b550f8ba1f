using IncidentFunctions.Application.Chat.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Tests.Chat;

/// <summary>Slack stays off without a bot token; with one, every setting is checked at start-up and named by its key.</summary>
public sealed class SlackOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddIncidentSlack(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void Without_a_bot_token_slack_is_off_and_nothing_is_checked()
    {
        using var sp = Build(new() { ["Slack:ApiBaseUrl"] = "not a url", ["Slack:MaxAttempts"] = "0" });

        Assert.False(sp.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled);
    }

    [Fact]
    public void A_bot_token_needs_a_signing_secret_and_every_problem_is_named()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Slack:BotToken"] = "xoxp-a-user-token",
            ["Slack:ApiBaseUrl"] = "slack.com",
            ["Slack:MaxAttempts"] = "0",
            ["Slack:RequestTimeout"] = "00:05:00",
        }));

        Assert.Equal(
            ["Slack:ApiBaseUrl", "Slack:BotToken", "Slack:MaxAttempts", "Slack:RequestTimeout", "Slack:SigningSecret"],
            e.Failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unresolved_key_vault_reference_stops_start_up()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Slack:BotToken"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/slack-bot-token/)",
            ["Slack:SigningSecret"] = "secret",
        }));

        Assert.Contains(e.Failures, f => f.StartsWith("Slack:BotToken is a Key Vault reference that did not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_configuration_turns_slack_on_with_a_client()
    {
        using var sp = Build(new() { ["Slack:BotToken"] = "xoxb-test", ["Slack:SigningSecret"] = "secret", ["Slack:ApiBaseUrl"] = "http://127.0.0.1:9" });

        Assert.True(sp.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled);
        Assert.NotNull(sp.GetRequiredService<SlackApiClient>());
    }
}

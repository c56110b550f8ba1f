using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Notifications.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>Teams stays off without a webhook URL; with one, every setting is checked at start-up and named by its path, never quoting a URL.</summary>
public sealed class TeamsOptionsTests
{
    private const string Signed = "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET-SIGNATURE";

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddSingleton(new ConsoleLinks(() => "https://incidents.example.com"))
            .AddIncidentTeams(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

    [Fact]
    public void Without_a_webhook_url_teams_is_off_and_nothing_is_checked()
    {
        using var sp = Build(new() { ["Teams:WebhookUrl"] = "", ["Teams:MaxAttempts"] = "0", ["Teams:RequestTimeout"] = "01:00:00" });

        Assert.False(sp.GetRequiredService<IOptions<TeamsOptions>>().Value.Enabled);
        Assert.False(Assert.Single(sp.GetServices<IIncidentRoom>()).Enabled);
    }

    [Fact]
    public void Every_bad_setting_is_named_by_its_path_and_no_url_is_quoted()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Teams:WebhookUrl"] = "http://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke" + Signed,
            ["Teams:ServiceWebhookUrls:checkout"] = "prod-00.westeurope.logic.azure.com/workflows/abc" + Signed,
            ["Teams:ServiceWebhookUrls:payments"] = "",
            ["Teams:ServiceWebhookUrls:search"] = "ftp://127.0.0.1/x" + Signed,
            ["Teams:MaxAttempts"] = "0",
            ["Teams:RequestTimeout"] = "00:05:00",
            ["Teams:MaxRetryAfter"] = "-00:00:01",
        }));

        Assert.Equal(
            ["Teams:MaxAttempts", "Teams:MaxRetryAfter", "Teams:RequestTimeout", "Teams:ServiceWebhookUrls:checkout", "Teams:ServiceWebhookUrls:payments",
                "Teams:ServiceWebhookUrls:search", "Teams:WebhookUrl"],
            e.Failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("SECRET", StringComparison.Ordinal) || f.Contains("logic.azure.com", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unresolved_key_vault_reference_stops_start_up()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Teams:ServiceWebhookUrls:checkout"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams-webhook-checkout/)",
        }));

        Assert.Equal(
            "Teams:ServiceWebhookUrls:checkout is a Key Vault reference that did not resolve: @Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams-webhook-checkout/)",
            Assert.Single(e.Failures));
    }

    [Fact]
    public void A_service_s_own_webhook_wins_over_the_global_one_whatever_its_case()
    {
        using var sp = Build(new()
        {
            ["Teams:WebhookUrl"] = "https://prod-01.westeurope.logic.azure.com/workflows/all/triggers/manual/paths/invoke" + Signed,
            ["Teams:ServiceWebhookUrls:Checkout"] = "http://127.0.0.1:9/workflows/checkout" + Signed,
        });

        var options = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
        Assert.True(options.Enabled);
        Assert.Equal("/workflows/checkout", options.WebhookFor("checkout")!.AbsolutePath);
        Assert.Equal("/workflows/all/triggers/manual/paths/invoke", options.WebhookFor("payments")!.AbsolutePath);
        Assert.EndsWith("sig=SECRET-SIGNATURE", options.WebhookFor("payments")!.Query, StringComparison.Ordinal);
        var room = Assert.Single(sp.GetServices<IIncidentRoom>());
        Assert.Equal(("teams", true), (room.Name, room.Enabled));
    }

    [Fact]
    public void With_only_service_webhooks_other_services_are_not_posted()
    {
        using var sp = Build(new() { ["Teams:ServiceWebhookUrls:checkout"] = "https://prod-01.westeurope.logic.azure.com/workflows/c" + Signed });

        var options = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
        Assert.True(options.Enabled);
        Assert.NotNull(options.WebhookFor("CHECKOUT"));
        Assert.Null(options.WebhookFor("payments"));
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SlackOptions"/> from "Slack" and registers <see cref="SlackApiClient"/> on the "slack" HttpClient.
    /// A bad configuration (a token without a signing secret, an unresolved Key Vault reference…) stops start-up here,
    /// every problem named by its key; without Slack:BotToken nothing is checked and Slack stays off.
    /// </summary>
    public static IServiceCollection AddIncidentSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.Section);
        var failures = SlackOptionsValidator.Failures(section.Get<SlackOptions>() ?? new SlackOptions());
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SlackOptions), failures);
        }

        services.AddOptions<SlackOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<SlackApiClient>(SlackApiClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RedactLoggedHeaders(_ => true); // the Authorization header carries the bot token
        // Transient like the typed client it holds; whether it is on is read from the options each time.
        services.AddTransient<IIncidentRoom, SlackRoom>();
        return services;
    }
}

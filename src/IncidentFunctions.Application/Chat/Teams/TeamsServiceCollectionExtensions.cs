using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Teams;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TeamsOptions"/> from "Teams", registers <see cref="TeamsWebhookClient"/> on the "teams" HttpClient
    /// and <see cref="TeamsRoom"/> as an incident room. A bad URL or setting stops start-up here, every problem named by
    /// its path (Teams:ServiceWebhookUrls:checkout); without any webhook URL nothing is checked and the room stays off.
    /// </summary>
    public static IServiceCollection AddIncidentTeams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TeamsOptions.Section);
        var failures = TeamsOptionsValidator.Failures(section.Get<TeamsOptions>() ?? new TeamsOptions());
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TeamsOptions), failures);
        }

        services.AddOptions<TeamsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<TeamsWebhookClient>(TeamsWebhookClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The factory's own log lines carry the request URI, and a webhook's URI is its secret: the client logs the host itself.
            .RemoveAllLoggers();
        // A singleton holding a typed client is safe here: the handler's pooled connections are renewed every 5 minutes.
        services.AddSingleton<IIncidentRoom, TeamsRoom>();
        return services;
    }
}

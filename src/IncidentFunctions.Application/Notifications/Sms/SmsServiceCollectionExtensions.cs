using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TwilioOptions"/> from "Twilio", registers the "twilio" HttpClient, the inbound validator and the
    /// <see cref="ISmsSender"/>: <see cref="TwilioSmsSender"/> when Twilio:AccountSid is set, otherwise (only when
    /// <paramref name="allowOutbox"/>, i.e. on the local runtime) <see cref="OutboxSmsSender"/>, also registered as itself.
    /// Invalid configuration throws <see cref="OptionsValidationException"/> here, at start-up, naming the keys.
    /// </summary>
    public static IServiceCollection AddIncidentSms(this IServiceCollection services, IConfiguration configuration, bool allowOutbox)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(TwilioOptions.Section);
        var current = section.Get<TwilioOptions>() ?? new TwilioOptions();
        var failures = TwilioOptionsValidator.Failures(current, allowOutbox);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TwilioOptions), failures);
        }

        services.AddOptions<TwilioOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>>(new TwilioOptionsValidator(allowOutbox));
        services.TryAddSingleton(TimeProvider.System);

        services.AddTransient<TwilioCancellationHandler>();
        services.AddHttpClient(TwilioSmsSender.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler<TwilioCancellationHandler>()
            .RedactLoggedHeaders(_ => true); // the Authorization header carries the Auth Token (base64)

        services.TryAddSingleton<TwilioInboundValidator>();

        if (current.SendsViaTwilio)
        {
            services.AddSingleton<ISmsSender, TwilioSmsSender>();
        }
        else
        {
            services.TryAddSingleton<DevOutbox>();
            services.AddSingleton<OutboxSmsSender>();
            services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<OutboxSmsSender>());
        }

        return services;
    }
}

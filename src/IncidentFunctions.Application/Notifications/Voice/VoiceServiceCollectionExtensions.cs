using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>
    /// Calls on the same Twilio account as texts (after <see cref="SmsServiceCollectionExtensions.AddIncidentSms"/>, which
    /// binds and validates the options): Twilio's Calls API when Twilio:AccountSid is set, else the local outbox.
    /// </summary>
    public static IServiceCollection AddIncidentVoice(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var current = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        services.TryAddSingleton(sp => new VoiceUrls(sp.GetRequiredService<IOptions<TwilioOptions>>(), configuration["WEBSITE_HOSTNAME"], sp));
        if (current.SendsViaTwilio)
        {
            services.AddSingleton<IVoiceCaller, TwilioVoiceCaller>();
        }
        else
        {
            services.TryAddSingleton<DevOutbox>();
            services.AddSingleton<IVoiceCaller, OutboxVoiceCaller>();
        }

        services.AddSingleton<INotificationChannel, VoiceChannel>();
        return services;
    }
}

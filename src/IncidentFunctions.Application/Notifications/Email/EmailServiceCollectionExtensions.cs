using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>The host name App Service gives the app (myapp.azurewebsites.net), set in every Functions app.</summary>
    public const string AppHostNameSetting = "WEBSITE_HOSTNAME";

    /// <summary>
    /// Binds <see cref="EmailOptions"/> from "Email" and registers the <see cref="IEmailSender"/> and the console's
    /// <see cref="ConsoleLinks"/>: <see cref="SmtpEmailSender"/> when Email:Host is set; otherwise, when
    /// <paramref name="allowOutbox"/> (the local runtime), <see cref="OutboxEmailSender"/>, and in Azure
    /// <see cref="UnconfiguredEmailSender"/>, which refuses every mail on the timeline. Invalid configuration throws
    /// <see cref="OptionsValidationException"/> here, at start-up, naming the keys. The channel itself is
    /// <see cref="EmailChannel"/>.
    /// </summary>
    public static IServiceCollection AddIncidentEmail(this IServiceCollection services, IConfiguration configuration, bool allowOutbox)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(EmailOptions.Section);
        var current = section.Get<EmailOptions>() ?? new EmailOptions();
        var failures = EmailOptionsValidator.Failures(current);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmailOptions), failures);
        }

        services.AddOptions<EmailOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        if (current.SendsViaSmtp)
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else if (allowOutbox)
        {
            services.TryAddSingleton<DevOutbox>();
            services.AddSingleton<OutboxEmailSender>();
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<OutboxEmailSender>());
        }
        else
        {
            services.AddSingleton<IEmailSender, UnconfiguredEmailSender>();
        }

        services.AddSingleton(sp => new ConsoleLinks(() =>
            sp.GetRequiredService<IOptions<EmailOptions>>().Value.LinkBaseUrl is { Length: > 0 } configured ? configured
            : allowOutbox ? ListenAddress(sp) ?? ConsoleLinks.LocalDefault
            : configuration[AppHostNameSetting] is { Length: > 0 } host ? "https://" + host
            : null));

        return services;
    }

    /// <summary>Where the local runtime's Kestrel listens (a free port in tests); null before it does.</summary>
    private static string? ListenAddress(IServiceProvider services) =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
}

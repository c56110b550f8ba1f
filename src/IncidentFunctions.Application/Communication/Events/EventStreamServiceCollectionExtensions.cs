using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Communication.Events;

public static class EventStreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IEventPublisher"/>: Service Bus when a connection is configured, else the Storage
    /// queue beside the incident tables. Bad names throw here, at start-up, naming the setting.
    /// </summary>
    public static IServiceCollection AddIncidentEvents(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection(EventStreamOptions.Section).Get<EventStreamOptions>() ?? new EventStreamOptions();
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(EventStreamOptions.Section, typeof(EventStreamOptions), problems);
        }

        services.AddSingleton(options);
        var connectionString = configuration[EventStreamOptions.ServiceBusConnection];
        var fullyQualifiedNamespace = configuration[$"{EventStreamOptions.ServiceBusConnection}:fullyQualifiedNamespace"];
        if (!string.IsNullOrWhiteSpace(connectionString) || !string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            services.AddSingleton(_ => string.IsNullOrWhiteSpace(connectionString)
                ? new ServiceBusClient(fullyQualifiedNamespace,
                    AzureCredentials.For(configuration[$"{EventStreamOptions.ServiceBusConnection}:clientId"]))
                : new ServiceBusClient(connectionString));
            services.AddSingleton<IEventPublisher>(sp =>
                new ServiceBusEventPublisher(sp.GetRequiredService<ServiceBusClient>().CreateSender(options.TopicName)));
        }
        else
        {
            services.AddSingleton(sp => new StorageQueueEventPublisher(CreateQueue(storage, configuration, options.QueueName, sp.GetService<StoragePipelinePolicy>())));
            services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<StorageQueueEventPublisher>());
        }

        return services;
    }

    /// <summary>Same account and the same connection rules as the tables (see IncidentApplication.CreateTableService).</summary>
    internal static QueueClient CreateQueue(StorageOptions storage, IConfiguration configuration, string name, StoragePipelinePolicy? policy = null)
    {
        // Base64, as the Functions queue trigger expects by default, so a Functions subscriber reads these as they are.
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        policy?.ApplyTo(clientOptions);
        if (StorageConnection.ConnectionString(storage, configuration) is { } connectionString)
        {
            return new QueueClient(connectionString, name, clientOptions);
        }

        var endpoint = StorageConnection.ServiceUri(configuration, "queue")
            ?? throw new InvalidOperationException(
                "No queue storage for the event stream: set ServiceBusConnection (or ServiceBusConnection__fullyQualifiedNamespace), " +
                "or a storage connection (AzureWebJobsStorage, or AzureWebJobsStorage__accountName / __queueServiceUri).");
        return new QueueClient(new Uri(endpoint, name), StorageConnection.Credential(configuration), clientOptions);
    }
}

using Azure.Monitor.OpenTelemetry.Exporter;
using IncidentFunctions.Application.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IncidentFunctions.Application.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the pipeline's own traces and metrics, outbound HTTP (Twilio, Slack, Teams) and the
/// Durable Task SDK's spans, exported where the environment says: Azure Monitor with the managed identity when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is set, OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. A host adds its own
/// (the local runtime its Prometheus endpoint, the Functions worker its defaults) through the two callbacks.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>What the Durable Task SDK names its ActivitySource (orchestration and activity spans, with trace context carried through the hub).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OpenTelemetryBuilder AddIncidentTelemetry(this IServiceCollection services, IConfiguration configuration,
        Action<MeterProviderBuilder>? metrics = null, Action<TracerProviderBuilder>? tracing = null)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("incident-functions", serviceInstanceId: Environment.MachineName))
            .WithMetrics(m =>
            {
                m.AddMeter(IncidentTelemetry.Name).AddHttpClientInstrumentation();
                metrics?.Invoke(m);
            })
            .WithTracing(t =>
            {
                t.AddSource(IncidentTelemetry.Name, DurableTaskSource).AddHttpClientInstrumentation(o =>
                {
                    // Twilio's URLs carry the account; Slack's and Teams' the webhook secret: keep only the host and path's shape.
                    o.EnrichWithHttpRequestMessage = (activity, request) => activity.SetTag("url.full", request.RequestUri is { } uri ? $"{uri.Scheme}://{uri.Host}/…" : null);
                });
                tracing?.Invoke(t);
            });

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            otel.UseOtlpExporter();
        }

        if (configuration[AzureMonitorSetting] is { Length: > 0 } connectionString)
        {
            var credential = AzureCredentials.For(ClientIdOf(configuration[AzureMonitorAuthenticationSetting]));
            otel.WithTracing(t => t.AddAzureMonitorTraceExporter(o => { o.ConnectionString = connectionString; o.Credential = credential; }))
                .WithMetrics(m => m.AddAzureMonitorMetricExporter(o => { o.ConnectionString = connectionString; o.Credential = credential; }));
        }

        return otel;
    }

    /// <summary>"ClientId=…;Authorization=AAD" → the client id (null for the system-assigned identity).</summary>
    internal static string? ClientIdOf(string? authentication) =>
        authentication?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && string.Equals(pair[0], "ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1])
            .FirstOrDefault();
}

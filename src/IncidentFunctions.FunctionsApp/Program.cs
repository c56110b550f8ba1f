using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddIncidentApplication(builder.Configuration, IncidentHostKind.AzureFunctions);
// The worker's own spans and the host's trace context (host.json's telemetryMode is OpenTelemetry), then ours.
builder.Services.AddIncidentTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
builder.Build().Run();

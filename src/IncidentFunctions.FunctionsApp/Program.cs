using IncidentFunctions.Application.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddIncidentApplication(builder.Configuration, IncidentHostKind.AzureFunctions);
builder.Build().Run();

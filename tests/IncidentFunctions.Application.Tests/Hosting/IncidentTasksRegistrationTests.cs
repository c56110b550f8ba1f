using System.Reflection;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>Both hosts register exactly the tasks IncidentTasks lists: the worker's registry, and the activities' services.</summary>
public sealed class IncidentTasksRegistrationTests
{
    [Fact]
    public void The_worker_registry_holds_exactly_the_listed_tasks()
    {
        var registry = new DurableTaskRegistry().AddIncidentTasks();

        Assert.Equal(Names(IncidentTasks.Orchestrators), RegisteredNames(registry, "Orchestrators"));
        Assert.Equal(Names(IncidentTasks.Activities), RegisteredNames(registry, "Activities"));
    }

    [Theory]
    [InlineData(IncidentHostKind.LocalRuntime)]
    [InlineData(IncidentHostKind.AzureFunctions)]
    public void The_application_registers_exactly_the_listed_activities_as_services(IncidentHostKind host)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IncidentConfigProvider.PathVariable] = AdminKeySettingTests.SampleConfig,
            [IncidentConfigProvider.AdminKeySetting] = "a-key-long-enough-for-the-functions-host",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000001",
            ["Twilio:AuthToken"] = "test-auth-token",
            ["Twilio:FromNumber"] = "+15550100000",
        }).Build();
        var services = new ServiceCollection().AddIncidentApplication(configuration, host);

        var tasks = services
            .Where(d => typeof(ITaskActivity).IsAssignableFrom(d.ServiceType) || typeof(ITaskOrchestrator).IsAssignableFrom(d.ServiceType))
            .ToList();

        Assert.All(tasks, d => Assert.Equal(ServiceLifetime.Transient, d.Lifetime));
        Assert.Equal(Names(IncidentTasks.Activities), Names(tasks.Select(d => d.ServiceType)));
    }

    private static List<string> Names(IEnumerable<Type> tasks) => tasks.Select(IncidentTasks.NameOf).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The registry keeps its tasks in internal dictionaries keyed by name and exposes no way to list them; reading
    /// them is the only check that registration is exactly the list (a package update that renames them fails here, loudly).
    /// </summary>
    private static List<string> RegisteredNames(DurableTaskRegistry registry, string property)
    {
        var value = typeof(DurableTaskRegistry).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(registry)
            ?? throw new InvalidOperationException($"DurableTaskRegistry has no {property} property to read any more");
        return ((System.Collections.IEnumerable)value).Cast<object>()
            .Select(entry => (TaskName)entry.GetType().GetProperty("Key")!.GetValue(entry)!)
            .Select(n => n.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

using IncidentFunctions.Application.Http.Routes;
using IncidentFunctions.Application.Orchestrations;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>
/// The Functions app's [Function] attributes restate what RouteTable and IncidentTasks declare (the Worker SDK needs
/// attributes); these hold the generated functions.metadata to the declarations, so the two hosts cannot drift apart.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private readonly IReadOnlyList<DeclaredFunction> _functions = FunctionsMetadata.Load();

    [Fact]
    public void Every_http_function_binds_its_route_table_entry_exactly()
    {
        var bound = _functions.Where(f => f.Trigger?.Type == "httpTrigger").ToDictionary(f => f.Name, StringComparer.Ordinal);
        var declared = RouteTable.Routes.Where(r => !r.LocalOnly).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var problems = new List<string>();

        problems.AddRange(declared.Keys.Except(bound.Keys).Select(n => $"{n}: in RouteTable, but the Functions app has no such HTTP function"));
        problems.AddRange(bound.Keys.Except(declared.Keys).Select(n => $"{n}: an HTTP function that RouteTable does not declare"));
        foreach (var (name, route) in declared)
        {
            if (bound.GetValueOrDefault(name) is not { } function)
            {
                continue;
            }

            var trigger = function.Trigger!;
            if (trigger.Route != route.Template)
            {
                problems.Add($"{name}: route '{trigger.Route}', RouteTable says '{route.Template}'");
            }

            if (!Normalized(trigger.Methods).SequenceEqual(Normalized(route.Methods)))
            {
                problems.Add($"{name}: methods {string.Join(",", trigger.Methods)}, RouteTable says {string.Join(",", route.Methods)}");
            }

            // Anonymous at the host, every one: the app checks each credential (RouteGate for the API's), so that personal
            // tokens and the platform's principal reach it; a Functions key level would turn them away first.
            if (!string.Equals(trigger.AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: authorization level {trigger.AuthLevel}: every function is anonymous at the host, RouteGate checks the credentials");
            }

            if (function.Binds("durableClient") != route.UsesDurableClient)
            {
                problems.Add($"{name}: binds a durable client: {function.Binds("durableClient")}, RouteTable says {route.UsesDurableClient}");
            }
        }

        Assert.True(problems.Count == 0, "functions.metadata differs from RouteTable:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_orchestration_functions_are_the_listed_orchestrators()
    {
        var bound = _functions.Where(f => f.Trigger?.Type == "orchestrationTrigger").Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(IncidentTasks.Orchestrators.Select(IncidentTasks.NameOf).Order(StringComparer.Ordinal), bound);
    }

    [Fact]
    public void The_activity_functions_are_the_listed_activities()
    {
        var bound = _functions.Where(f => f.Trigger?.Type == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(IncidentTasks.Activities.Select(IncidentTasks.NameOf).Order(StringComparer.Ordinal), bound);
    }

    [Fact]
    public void Route_names_are_unique_and_every_console_api_route_sits_under_api()
    {
        Assert.Equal(RouteTable.Routes.Count, RouteTable.Routes.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(RouteTable.Routes.Where(r => r.IsConsoleApi), r => Assert.StartsWith("api/", r.Template, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Normalized(IEnumerable<string> methods) =>
        methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal);
}

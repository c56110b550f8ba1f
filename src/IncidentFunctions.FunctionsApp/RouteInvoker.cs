using System.Globalization;
using IncidentFunctions.Application.Http.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>Runs the <see cref="RouteTable"/> route a function is named for, so the [Function] bindings hold no logic.</summary>
internal static class RouteInvoker
{
    public static async Task<IActionResult> RunAsync(HttpRequest request, FunctionContext context, DurableTaskClient? client, CancellationToken ct)
    {
        var route = RouteTable.Find(context.FunctionDefinition.Name);

        // Route values arrive as trigger metadata: where the worker binds a "string id" parameter from, by name.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in route.Parameters)
        {
            if (context.BindingContext.BindingData.TryGetValue(name, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { } text)
            {
                values[name] = text;
            }
        }

        return new ResultActionResult(await RouteGate.RunAsync(route, new RouteCall(request, values, context.InstanceServices, client, ct)));
    }
}

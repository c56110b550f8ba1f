using System.Text.Json.Nodes;

namespace IncidentFunctions.Infra.Tests;

/// <summary>main.bicep compiled once (in memory; no ARM JSON is written to the repository), with its resources flattened out of the module deployments.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public JsonObject Root { get; private set; } = null!;

    public string Diagnostics { get; private set; } = "";

    public int ExitCode { get; private set; }

    /// <summary>Every resource of the template and of the nested module templates.</summary>
    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var (code, stdout, stderr) = await BicepCli.RunAsync("build", Path.Combine(BicepCli.InfraDir, "main.bicep"), "--stdout");
        ExitCode = code;
        Diagnostics = stderr;
        Root = code == 0 ? JsonNode.Parse(stdout)!.AsObject() : new JsonObject();
        var all = new List<JsonObject>();
        Collect(Root, all);
        Resources = all;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private const string VariablesKey = "__templateVariables";

    /// <summary>
    /// A role assignment's role definition GUID, whether written inline or as variables('x') / variables('x').y
    /// (as the modules do).
    /// </summary>
    public static string RoleDefinitionGuid(JsonObject assignment)
    {
        var expression = assignment["properties"]!["roleDefinitionId"]!.GetValue<string>();
        var inline = System.Text.RegularExpressions.Regex.Match(expression, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        if (inline.Success)
        {
            return inline.Value;
        }

        var reference = System.Text.RegularExpressions.Regex.Match(expression, @"variables\('([^']+)'\)(?:\.(\w+))?");
        Assert.True(reference.Success, $"cannot read a role definition from {expression}");
        var value = assignment[VariablesKey]![reference.Groups[1].Value]!;
        return (reference.Groups[2].Success ? value[reference.Groups[2].Value]! : value).GetValue<string>();
    }

    /// <summary>A resource's property as written, or, when Bicep hoisted it into a variable ("[variables('$fxv#0')]", as loadTextContent does), that variable's value.</summary>
    public static string Value(JsonObject resource, string expression)
    {
        var hoisted = System.Text.RegularExpressions.Regex.Match(expression, @"^\[variables\('([^']+)'\)\]$");
        return hoisted.Success ? resource[VariablesKey]![hoisted.Groups[1].Value]!.GetValue<string>() : expression;
    }

    /// <summary>The app's configuration resource named <paramref name="name"/> ("appsettings", "authsettingsV2").</summary>
    public JsonObject SiteConfig(string name) =>
        Assert.Single(OfType("Microsoft.Web/sites/config"), r => r["name"]!.GetValue<string>().Contains($"'{name}'", StringComparison.Ordinal));

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    private static void Collect(JsonObject template, List<JsonObject> into)
    {
        // Bicep emits resources as an array, or (with symbolic names) as an object keyed by symbol.
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject map => map.Select(kv => kv.Value),
            _ => [],
        };
        foreach (var resource in resources.OfType<JsonObject>())
        {
            // Keep the enclosing template's variables beside each resource: expressions refer to them.
            resource[VariablesKey] = template["variables"]?.DeepClone() ?? new JsonObject();
            into.Add(resource);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, into);
            }
        }
    }
}

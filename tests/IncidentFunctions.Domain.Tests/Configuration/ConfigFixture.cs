using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>A valid configuration that tests break one rule at a time.</summary>
internal static class ConfigFixture
{
    public const string FileName = "test.json";

    public const string ValidJson = """
        {
          "adminApiKey": "test-admin-key-0001",
          "rateLimit": { "perKeyPerMinute": 60 },
          "responders": [
            { "name": "Alice", "phone": "+15550100001" },
            { "name": "Bob", "phone": "+15550100002" },
            { "name": "Carol", "phone": "+447700900003" }
          ],
          "schedules": [
            {
              "name": "primary",
              "timeZone": "Europe/London",
              "rotation": { "responders": ["Alice", "Bob"], "start": "2026-01-05T09:00", "length": "7d" },
              "overrides": [ { "responder": "Carol", "start": "2026-12-24T18:00:00Z", "end": "2026-12-27T09:00:00Z" } ]
            }
          ],
          "escalationPolicies": [
            {
              "name": "checkout",
              "repeat": 2,
              "tiers": [
                { "targets": [ { "responder": "Alice" } ], "delay": "5m" },
                { "targets": [ { "schedule": "primary" }, { "responder": "Carol" } ], "delay": "PT1H30M" }
              ]
            }
          ],
          "services": [
            {
              "name": "checkout",
              "integrationKeys": ["key-checkout-1", "key-checkout-2"],
              "escalationPolicy": "checkout",
              "playbookUrl": "https://wiki.example.com/checkout",
              "autoResolve": true
            },
            { "name": "search", "integrationKeys": ["key-search"], "escalationPolicy": "Checkout" }
          ]
        }
        """;

    public static IncidentConfig Valid() => ConfigLoader.Parse(ValidJson, FileName);

    /// <summary>The valid file with one edit applied.</summary>
    public static string With(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(ValidJson)!.AsObject();
        edit(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The valid file with one edit applied, loaded.</summary>
    public static IncidentConfig Load(Action<JsonObject> edit) => ConfigLoader.Parse(With(edit), FileName);

    /// <summary>The valid file with a top-level section set to <paramref name="json"/> (strict JSON).</summary>
    public static string WithSection(string name, string json) => With(root => root[name] = JsonNode.Parse(json));

    public static JsonObject At(this JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                node = node[part]!;
                continue;
            }

            node = node[part[..bracket]]!;
            foreach (var index in part[(bracket + 1)..].TrimEnd(']').Split("]["))
            {
                node = node[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)]!;
            }
        }

        return node.AsObject();
    }

    public static IReadOnlyList<ConfigProblem> ProblemsOf(string json)
    {
        var exception = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Parse(json, FileName));
        Assert.NotEmpty(exception.Problems);
        return exception.Problems;
    }

    /// <summary>Exactly one problem, at <paramref name="path"/>, whose message contains <paramref name="messagePart"/>.</summary>
    public static ConfigProblem SingleProblem(string json, string path, string messagePart)
    {
        var problems = ProblemsOf(json);
        var problem = Assert.Single(problems);
        Assert.Equal(FileName, problem.File);
        Assert.Equal(path, problem.Path);
        Assert.Contains(messagePart, problem.Message, StringComparison.Ordinal);
        return problem;
    }
}

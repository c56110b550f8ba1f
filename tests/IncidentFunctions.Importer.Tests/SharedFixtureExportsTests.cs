using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.Importer.Tests;

/// <summary>
/// The published API responses in shared/fixtures (pagerduty-rest: the API reference's schedule and escalation policy
/// examples; opsgenie-api: a real escalations list and a schedule built from the spec), when that folder is there,
/// through the importer: each export response in its place in a folder, with users.json (and Opsgenie contacts) made
/// for the users they name. Every one must be read, and the result must load.
/// </summary>
public sealed class SharedFixtureExportsTests(ITestOutputHelper output)
{
    [Fact]
    public void PagerDuty_schedule_and_escalation_policy_responses_are_read()
    {
        var dir = SharedFixtures.FindDirectory("pagerduty-rest");
        if (dir is null)
        {
            output.WriteLine(SharedFixtures.AbsentMessage("pagerduty-rest"));
            return;
        }

        var exports = Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .Select(file => (file, place: Path.GetFileName(file) switch
            {
                var n when n.StartsWith("schedule", StringComparison.Ordinal) => Path.Combine("schedules", n),
                var n when n.StartsWith("escalation-polic", StringComparison.Ordinal) => "escalation_policies.json",
                _ => null,
            }))
            .ToList();
        Assert.Contains(exports, e => e.place is not null);
        foreach (var (file, place) in exports)
        {
            if (place is null)
            {
                output.WriteLine($"{Path.GetFileName(file)}: not an export response; skipped");
                continue;
            }

            using var folder = new ExportCopy();
            folder.Write(place, File.ReadAllText(file));
            var users = References(file, node => node["type"]?.GetValue<string>() == "user_reference")
                .Select((user, i) => new JsonObject
                {
                    ["id"] = user["id"]!.GetValue<string>(),
                    ["name"] = user["summary"]?.GetValue<string>() ?? user["id"]!.GetValue<string>(),
                    ["contact_methods"] = new JsonArray(new JsonObject { ["type"] = "sms_contact_method", ["address"] = $"55501{i:00000}", ["country_code"] = 1 }),
                });
            folder.Write("users.json", new JsonObject { ["users"] = new JsonArray([.. users]) }.ToJsonString());

            var run = ImportRun.Of("pagerduty", folder.Root);

            Assert.True(run.ExitCode == 0, $"{file}: {run.Errors}");
            var config = run.Load();
            foreach (var name in RecordNames(file, "schedules", "schedule", "escalation_policies", "escalation_policy"))
            {
                Assert.Contains(name, run.Config);
            }

            output.WriteLine($"{Path.GetFileName(file)} as {place}: {config.Schedules.Count} schedules, {config.EscalationPolicies.Count} policies; loads");
        }
    }

    [Fact]
    public void Opsgenie_schedule_and_escalation_responses_are_read_alone_and_together()
    {
        var dir = SharedFixtures.FindDirectory("opsgenie-api");
        if (dir is null)
        {
            output.WriteLine(SharedFixtures.AbsentMessage("opsgenie-api"));
            return;
        }

        var exports = Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .Select(file => (file, place: Path.GetFileName(file) switch
            {
                var n when n.StartsWith("schedule", StringComparison.Ordinal) => "schedules.json",
                var n when n.StartsWith("escalations", StringComparison.Ordinal) => "escalations.json",
                _ => null,
            }))
            .ToList();
        foreach (var (file, _) in exports.Where(e => e.place is null))
        {
            output.WriteLine($"{Path.GetFileName(file)}: not an export response; skipped");
        }

        var responses = exports.Where(e => e.place is not null).ToList();
        Assert.NotEmpty(responses);
        var runs = responses.Select(e => new[] { e }).Append([.. responses]);
        foreach (var set in runs)
        {
            using var folder = new ExportCopy();
            var users = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (file, place) in set)
            {
                folder.Write(place!, File.ReadAllText(file));
                foreach (var user in References(file, node => node["type"]?.GetValue<string>() == "user" && node["username"] is not null))
                {
                    users.TryAdd(user["id"]!.GetValue<string>(), user["username"]!.GetValue<string>());
                }
            }

            folder.Write("users.json", new JsonObject
            {
                ["data"] = new JsonArray([.. users.Select(u => new JsonObject { ["id"] = u.Key, ["username"] = u.Value, ["fullName"] = u.Value })]),
            }.ToJsonString());
            var n = 0;
            foreach (var username in users.Values)
            {
                folder.Write(Path.Combine("contacts", username + ".json"), new JsonObject
                {
                    ["data"] = new JsonArray(new JsonObject { ["method"] = "sms", ["to"] = $"1-55502{n++:00000}" }),
                }.ToJsonString());
            }

            var run = ImportRun.Of("opsgenie", folder.Root);

            var label = string.Join(" + ", set.Select(e => Path.GetFileName(e.file)));
            Assert.True(run.ExitCode == 0, $"{label}: {run.Errors}");
            var config = run.Load();
            foreach (var (file, _) in set)
            {
                foreach (var name in RecordNames(file, "data", "data"))
                {
                    Assert.Contains(name, run.Config);
                }
            }

            output.WriteLine($"{label}: {config.Schedules.Count} schedules, {config.EscalationPolicies.Count} policies; loads");
        }
    }

    /// <summary>Every JSON object in the file that <paramref name="match"/> accepts, depth first.</summary>
    private static IEnumerable<JsonObject> References(string file, Func<JsonObject, bool> match)
    {
        var found = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (match(obj) && obj["id"]?.GetValue<string>() is { } id && seen.Add(id))
                    {
                        found.Add(obj);
                    }

                    foreach (var (_, child) in obj)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(JsonNode.Parse(File.ReadAllText(file)));
        return found;
    }

    /// <summary>The "name" of each record in the response's list or single envelope.</summary>
    private static IEnumerable<string> RecordNames(string file, params string[] envelopes)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        foreach (var envelope in envelopes)
        {
            if (!document.RootElement.TryGetProperty(envelope, out var value))
            {
                continue;
            }

            var records = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
            foreach (var record in records)
            {
                if (record.TryGetProperty("name", out var name) && name.GetString() is { } text)
                {
                    yield return text;
                }
            }

            yield break;
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IncidentFunctions.Testing;

/// <summary>
/// A real Prometheus (Debian's prometheus, which ./test.sh installs when missing; PROMETHEUS_PATH overrides
/// /usr/bin/prometheus) of the test's own, scraping one target every second: a free port, its configuration and
/// database in a temporary folder deleted on dispose. Never one a person started.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    public const string PathVariable = "PROMETHEUS_PATH";
    private const string DefaultPath = "/usr/bin/prometheus";

    private readonly DebianServerProcess _server;
    private readonly HttpClient _http;

    private PrometheusProcess(DebianServerProcess server)
    {
        _server = server;
        _http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string BaseUrl => _server.BaseUrl;

    public string Log => _server.Log;

    public static string Binary() => DebianServerProcess.Binary(PathVariable, DefaultPath, "prometheus");

    /// <summary>Starts it scraping <paramref name="target"/> ("127.0.0.1:7071") at <paramref name="metricsPath"/> every second.</summary>
    public static async Task<PrometheusProcess> StartAsync(string target, string metricsPath = "/metrics", TimeSpan? timeout = null)
    {
        var config = $$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: incident-functions
                metrics_path: {{metricsPath}}
                static_configs:
                  - targets: ["{{target}}"]
            """;
        return new(await DebianServerProcess.StartAsync("prometheus", Binary(), new Dictionary<string, string> { ["prometheus.yml"] = config },
            (dir, port) =>
            [
                "--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "data"),
                $"--web.listen-address=127.0.0.1:{port}",
            ],
            timeout));
    }

    /// <summary>An instant query's result vector (<c>/api/v1/query</c>): each series' labels and value.</summary>
    public async Task<IReadOnlyList<(JsonObject Labels, double Value)>> QueryAsync(string promql)
    {
        var answer = await _http.GetFromJsonAsync<JsonObject>("api/v1/query?query=" + Uri.EscapeDataString(promql))
            ?? throw new InvalidOperationException("Prometheus answered nothing");
        if (answer["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused {promql}: {answer.ToJsonString()}");
        }

        return answer["data"]!["result"]!.AsArray()
            .Select(r => (r!["metric"]!.AsObject(), double.Parse(r["value"]![1]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The scrape target's health as Prometheus sees it ("up", "down", "unknown") and its last error.</summary>
    public async Task<(string Health, string? Error)> TargetAsync()
    {
        var answer = await _http.GetFromJsonAsync<JsonObject>("api/v1/targets");
        var target = answer?["data"]?["activeTargets"]?.AsArray().FirstOrDefault();
        return (target?["health"]?.GetValue<string>() ?? "unknown", target?["lastError"]?.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}

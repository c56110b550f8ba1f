using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentFunctions.Application.Telemetry;
using IncidentFunctions.Testing;

namespace IncidentFunctions.Application.Tests.Telemetry;

/// <summary>
/// The dashboards in infra/dashboards ask only for metrics the pipeline declares: Grafana's PromQL by the names the
/// Prometheus exporter gives them, the Azure workbook's KQL by the instruments' own names. A renamed metric fails here,
/// not on an empty panel in the middle of an incident.
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string Dashboards = Path.Combine(RepoRoot.Find(), "infra", "dashboards");

    [Fact]
    public void Every_metric_in_the_Grafana_dashboard_is_one_the_pipeline_exports()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Dashboards, "grafana.json")))!;
        var exported = Instruments().SelectMany(PrometheusNames).ToHashSet(StringComparer.Ordinal);
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>())
            .Append(dashboard["templating"]!["list"]!.AsArray().Select(v => v!["query"]?.GetValue<string>() ?? "").First(q => q.Contains("label_values", StringComparison.Ordinal)))
            .ToList();

        var used = expressions.SelectMany(e => PrometheusMetric().Matches(e).Select(m => m.Value)).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, exported));
    }

    [Fact]
    public void Every_metric_in_the_Azure_workbook_is_one_the_pipeline_exports()
    {
        var workbook = JsonNode.Parse(File.ReadAllText(Path.Combine(Dashboards, "workbook.json")))!;
        var declared = Instruments().Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var queries = workbook["items"]!.AsArray().Select(i => i!["content"]!["query"]?.GetValue<string>()).OfType<string>().ToList();

        var used = queries.SelectMany(q => InstrumentName().Matches(q).Select(m => m.Value)).Distinct().ToList();
        Assert.Equal(5, queries.Count);
        Assert.All(used, name => Assert.Contains(name, declared));
        Assert.Contains("incidentfunctions.page.latency", used);
    }

    /// <summary>The pipeline's instruments (IncidentMetrics' and the orchestrators'), as a listener sees them published.</summary>
    private static List<Instrument> Instruments()
    {
        _ = IncidentMetrics.Unobserved;
        // The task hub's gauge is created with its watch's type.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(DurableQueueWatch).TypeHandle);
        var instruments = new List<Instrument>();
        using var listener = new MeterListener { InstrumentPublished = (instrument, _) => { if (instrument.Meter.Name == IncidentTelemetry.Name) instruments.Add(instrument); } };
        listener.Start();
        return instruments;
    }

    /// <summary>As OpenTelemetry's Prometheus exporter names them: dots to underscores, the unit's word, "_total" for counters.</summary>
    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        var type = instrument.GetType().GetGenericTypeDefinition();
        return type == typeof(Counter<>) ? [name + "_total"]
            : type == typeof(ObservableGauge<>) ? [name]
            : [name + "_bucket", name + "_count", name + "_sum"];
    }

    [GeneratedRegex(@"incidentfunctions_[a-z_]+")]
    private static partial Regex PrometheusMetric();

    [GeneratedRegex(@"incidentfunctions(?:\.[a-z_]+)+")]
    private static partial Regex InstrumentName();
}

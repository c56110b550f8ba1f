namespace IncidentFunctions.Testing.Fuzz;

/// <summary>
/// Valid request bodies to mutate, per ingest format: written here from each format's documentation (every field the
/// parsers read, so every reader gets damaged somewhere), plus the shared fixtures of that format when the folder exists.
/// </summary>
public static class ValidBodies
{
    public const string Alertmanager = """
        {"version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0,"status":"firing","receiver":"incidents",
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","severity":"critical"},
         "commonAnnotations":{"summary":"Disk full"},"externalURL":"http://alertmanager.example:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","severity":"critical","instance":"db-1:9100","job":"node"},
           "annotations":{"summary":"Disk full on db-1","description":"97% used","runbook_url":"https://runbooks.example/disk"},
           "startsAt":"2026-11-24T10:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus.example:9090/graph?g0.expr=up","fingerprint":"a1b2c3d4e5f60718"},
          {"status":"resolved","labels":{"alertname":"DiskFull","instance":"db-2:9100"},"annotations":{},
           "startsAt":"2026-11-24T09:00:00Z","endsAt":"2026-11-24T09:30:00+01:00"}]}
        """;

    public const string Grafana = """
        {"receiver":"incidents","status":"firing","orgId":1,"groupKey":"{}/{}:{}","groupLabels":{"alertname":"HighLatency"},
         "commonLabels":{"alertname":"HighLatency"},"commonAnnotations":{},"externalURL":"https://grafana.example/",
         "version":"1","truncatedAlerts":0,"title":"[FIRING:1] HighLatency","state":"alerting","message":"Latency high",
         "alerts":[{"status":"firing","labels":{"alertname":"HighLatency","severity":"warning","instance":"api-1"},
           "annotations":{"summary":"p99 over 2s","dashboard":"https://grafana.example/d/abc"},
           "startsAt":"2026-11-24T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"https://grafana.example/alerting/grafana/x/view",
           "fingerprint":"0f1e2d3c4b5a6978","silenceURL":"https://grafana.example/alerting/silence/new","dashboardURL":"https://grafana.example/d/abc",
           "panelURL":"https://grafana.example/d/abc?viewPanel=2","imageURL":"https://grafana.example/img.png",
           "values":{"A":2.5,"B":1},"valueString":"[ var='A' labels={} value=2.5 ]"}]}
        """;

    public const string AzureMonitor = """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{
           "alertId":"/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.AlertsManagement/alerts/1111",
           "alertRule":"HighCpu","severity":"Sev1","signalType":"Metric","monitorCondition":"Fired","monitoringService":"Platform",
           "alertTargetIDs":["/subscriptions/0/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1"],
           "configurationItems":["vm1"],"originAlertId":"0000_rg_HighCpu","firedDateTime":"2026-11-24T10:00:00.1234567Z",
           "description":"CPU over 90%","essentialsVersion":"1.0","alertContextVersion":"1.0"},
         "alertContext":{"properties":{"team":"infra"},"conditionType":"SingleResourceMultipleMetricCriteria",
           "condition":{"windowSize":"PT5M","allOf":[{"metricName":"Percentage CPU","operator":"GreaterThan","threshold":"90","metricValue":97.5}],
           "windowStartTime":"2026-11-24T09:55:00Z","windowEndTime":"2026-11-24T10:00:00Z"}},
         "customProperties":{"owner":"infra"}}}
        """;

    public const string Datadog = """
        {"id":"1234567890123456789","title":"[Triggered] CPU high on web-1","body":"CPU is 95%","date":"1764000000000",
         "last_updated":"1764000000000","event_type":"query_alert_monitor","alert_id":"98765","alert_type":"error",
         "alert_transition":"Triggered","alert_status":"Alert","alert_metric":"system.cpu.user","alert_priority":"P1",
         "alert_title":"CPU high","alert_query":"avg(last_5m):avg:system.cpu.user{*} > 90","alert_scope":"host:web-1",
         "hostname":"web-1","org":{"id":"1","name":"Example"},"tags":"env:prod,service:web","link":"https://app.datadoghq.com/event/1",
         "snapshot":"https://p.datadoghq.com/snapshot/1.png","aggreg_key":"abc123","priority":"normal","user":"ops@example.com"}
        """;

    public const string Generic = """
        {"alerts":[{"title":"Queue backlog","dedupKey":"queue-backlog","severity":"error","status":"firing",
          "description":"12 000 messages waiting","source":"worker-3","labels":{"queue":"orders","team":"payments"},
          "links":[{"href":"https://dash.example/queues","text":"Dashboard"}],"startsAt":"2026-11-24T10:00:00Z","endsAt":null},
         {"title":"Second alert","severity":"info","status":"resolved","endsAt":"2026-11-24T11:00:00+01:00"}]}
        """;

    public const string GenericSingle = """
        {"title":"Cache misses","dedupKey":"cache","severity":"warning","status":"firing","labels":{"tier":"cache"},
         "links":[{"href":"http://cache.example/","text":"Cache"}],"startsAt":"2026-11-24T10:00:00Z"}
        """;

    /// <summary>A PagerDuty trigger with every documented field; {routing_key} is replaced by the caller's key.</summary>
    public const string PagerDutyTrigger = """
        {"routing_key":"{routing_key}","event_action":"trigger","dedup_key":"pd-fuzz-1","client":"Monitoring","client_url":"https://monitoring.example",
         "payload":{"summary":"Disk almost full on db-1","source":"db-1","severity":"warning","timestamp":"2026-11-24T10:00:00.000+0000",
           "component":"postgres","group":"prod-datapipe","class":"disk","custom_details":{"free space":"1%","nested":{"a":[1,2]}}},
         "images":[{"src":"https://chart.example/1.png","href":"https://chart.example/","alt":"chart"}],
         "links":[{"href":"https://runbooks.example/disk","text":"Runbook"}]}
        """;

    public const string OpsgenieWebhook = """
        {"action":"Create","alert":{"alertId":"og-fuzz-1","message":"Queue depth above 1000","alias":"og-fuzz","entity":"queue-1","priority":"P2","tags":["fuzz"],"details":{"queue":"orders"}}}
        """;

    /// <summary>Opsgenie's Alert API create (POST /v2/alerts), as its documentation writes one.</summary>
    public const string OpsgenieCreate = """
        {"message":"Queue depth above 1000","alias":"og-api-fuzz","description":"orders queue","tags":["fuzz"],"details":{"queue":"orders"},"entity":"queue-1","priority":"P2","user":"Monitoring Script","note":"created by the fuzz"}
        """;

    public const string PagerDutyResolve = """{"routing_key":"{routing_key}","event_action":"resolve","dedup_key":"pd-fuzz-1"}""";

    /// <summary>Shared fixture folder per format (the generic format is ours and has none).</summary>
    private static readonly Dictionary<string, string> FixtureFolder = new(StringComparer.Ordinal)
    {
        ["alertmanager"] = "alertmanager",
        ["grafana"] = "grafana",
        ["azure-monitor"] = "azure-monitor",
        ["datadog"] = "datadog",
        ["pagerduty"] = "pagerduty",
        ["opsgenie"] = "opsgenie",
    };

    public static IReadOnlyList<string> Written(string format, string routingKey = "fuzz-key") => format switch
    {
        "alertmanager" => [Alertmanager],
        "grafana" => [Grafana],
        "azure-monitor" => [AzureMonitor],
        "datadog" => [Datadog],
        "generic" => [Generic, GenericSingle],
        "opsgenie" => [OpsgenieWebhook],
        "pagerduty" => [PagerDutyTrigger.Replace("{routing_key}", routingKey, StringComparison.Ordinal),
                        PagerDutyResolve.Replace("{routing_key}", routingKey, StringComparison.Ordinal)],
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// <see cref="Written"/> plus every request body in the shared fixtures' folder for <paramref name="format"/>, read in place
    /// (PagerDuty fixtures get <paramref name="routingKey"/> as their routing key so they reach the parser behind the key check).
    /// </summary>
    public static IReadOnlyList<string> For(string format, string routingKey = "fuzz-key")
    {
        var bodies = Written(format, routingKey).ToList();
        if (FixtureFolder.TryGetValue(format, out var folder) && SharedFixtures.FindDirectory(folder) is { } dir)
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (format == "pagerduty" && (name.Contains("-response-", StringComparison.Ordinal) || name.Contains("limits", StringComparison.Ordinal)))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                if (format == "pagerduty" && System.Text.Json.Nodes.JsonNode.Parse(text) is System.Text.Json.Nodes.JsonObject pd)
                {
                    pd["routing_key"] = routingKey;
                    text = pd.ToJsonString();
                }

                bodies.Add(text);
            }
        }

        return bodies;
    }
}

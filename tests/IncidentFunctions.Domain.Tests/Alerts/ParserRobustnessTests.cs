using System.Text;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

/// <summary>Whatever arrives, a parser answers with an error naming a field and never throws.</summary>
public sealed class ParserRobustnessTests
{
    /// <summary>One valid body per format, small enough to try every prefix of.</summary>
    private static readonly Dictionary<string, string> ValidBodies = new()
    {
        ["alertmanager"] = """{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A","severity":"page"},"annotations":{"summary":"s"},"startsAt":"2024-01-01T00:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"0123456789abcdef"}]}""",
        ["grafana"] = """{"status":"firing","orgId":1,"alerts":[{"status":"resolved","labels":{"alertname":"G"},"startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00+01:00","values":{"A":1},"dashboardURL":"https://g.example/d"}]}""",
        ["azure-monitor"] = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"/subscriptions/1/alerts/2","alertRule":"r","severity":"Sev1","monitorCondition":"Resolved","firedDateTime":"2024-01-01T00:00:00.1234567","resolvedDateTime":"2024-01-01T01:00:00Z"},"alertContext":{"conditionType":"x","properties":{"k":"v"}}}}""",
        ["datadog"] = """{"title":"[Recovered] t","id":"5","date":"1717243200000","tags":"a:b,c","alert_priority":"P1"}""",
        ["generic"] = """{"alerts":[{"title":"t","severity":"error","labels":{"a":"b"},"links":[{"href":"https://x.example"}],"startsAt":"2024-01-01T00:00:00Z"}]}""",
        ["pagerduty"] = """{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info","timestamp":"2024-01-01T00:00:00+0000"},"links":[{"href":"https://x.example"}]}""",
    };

    private static readonly string[] Garbage =
    [
        "", " ", "[]", "null", "\"x\"", "5", "true", "{", "}", "{}", "{\"alerts\": 5}", "{\"alerts\": [5]}", "{\"alerts\": [null]}",
        "{\"alerts\": [{}]}", "{\"alerts\": [{\"labels\": null}]}", "{\"alerts\": [{\"labels\": {\"a\": []}}]}",
        "{\"data\": []}", "{\"data\": {\"essentials\": 1}}", "{\"data\": {\"essentials\": {\"alertId\": []}}}",
        "{\"title\": {}}", "{\"title\": null}", "{\"payload\": []}", "{\"routing_key\": 1e400}",
        "{\"alerts\": [{\"title\": 1e400, \"labels\": {\"n\": 123456789012345678901234567890}}]}",
        "{\"id\": 1e400, \"date\": 99999999999999999999, \"title\": \"\\ud800\"}",
        "{\"alerts\": [{\"labels\": {\"\\ud800\": \"x\"}}]}",
        "{\"a\": 1} trailing", "\u00ef\u00bb\u00bf{}", "{\"a\": 1, \"a\": 2}", "{'single': 'quotes'}",
    ];

    public static TheoryData<string> Formats() => new(ValidBodies.Keys);

    public static TheoryData<string, string> FormatsAndGarbage()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in ValidBodies.Keys)
        {
            foreach (var body in Garbage)
            {
                data.Add(format, body);
            }
        }

        return data;
    }

    private static IAlertParser Parser(string format)
    {
        Assert.True(AlertParsers.TryGet(format, out var parser));
        return parser;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_valid_body_used_below_parses(string format)
    {
        Assert.NotEmpty(Parser(format).Parse(Encoding.UTF8.GetBytes(ValidBodies[format])).Valid());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_prefix_of_a_valid_body_is_refused_without_throwing(string format)
    {
        var parser = Parser(format);
        var bytes = Encoding.UTF8.GetBytes(ValidBodies[format]);

        for (var length = 0; length < bytes.Length; length++)
        {
            var result = parser.Parse(bytes.AsSpan(0, length));
            Assert.False(result.IsValid, $"prefix of {length} bytes was accepted");
            Assert.Equal("$", result.Error!.Field);
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndGarbage))]
    public void Garbage_and_wrong_types_are_refused_without_throwing(string format, string body)
    {
        var result = Parser(format).Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrEmpty(result.Error!.Field));
        Assert.False(string.IsNullOrEmpty(result.Error.Problem));
    }

    [Fact]
    public void Out_of_range_datadog_times_are_dropped_rather_than_thrown()
    {
        var parser = Parser("datadog");

        foreach (var date in new[] { "\"-99999999999999999\"", "99999999999999999999", "1e400", "\"9999-12-31T23:59:60Z\"" })
        {
            Assert.Null(parser.Parse(Encoding.UTF8.GetBytes($$"""{"title": "t", "date": {{date}}}""")).Single().StartsAt);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Ten_thousand_levels_of_nesting_are_refused_without_throwing(string format)
    {
        var arrays = new string('[', 10_000) + new string(']', 10_000);
        var objects = string.Concat(Enumerable.Repeat("{\"alerts\":", 10_000)) + "1" + new string('}', 10_000);

        foreach (var body in new[] { arrays, objects })
        {
            Parser(format).Parse(Encoding.UTF8.GetBytes(body)).FailsAt("$");
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Random_bytes_are_refused_without_throwing(string format)
    {
        var random = new Random(20240601);
        var parser = Parser(format);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            Assert.False(parser.Parse(bytes).IsValid);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Flipping_any_single_byte_of_a_valid_body_never_throws(string format)
    {
        var parser = Parser(format);
        var original = Encoding.UTF8.GetBytes(ValidBodies[format]);
        byte[] replacements = [(byte)'"', (byte)'{', (byte)'[', (byte)'1', 0xFF, (byte)'n', (byte)'\\'];

        for (var i = 0; i < original.Length; i++)
        {
            foreach (var replacement in replacements)
            {
                var bytes = (byte[])original.Clone();
                bytes[i] = replacement;
                var result = parser.Parse(bytes);
                Assert.True(result.IsValid || result.Error!.Field.Length > 0);
            }
        }
    }
}

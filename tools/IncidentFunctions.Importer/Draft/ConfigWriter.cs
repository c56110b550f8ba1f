using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IncidentFunctions.Importer.Draft;

/// <summary>
/// Writes a <see cref="DraftConfig"/> as config/incidents.json is written: JSON with comments, one responder per line,
/// trailing commas. Written by hand rather than serialised so the comments sit above what they are about.
/// </summary>
public static class ConfigWriter
{
    /// <summary>Long enough for the loader (12+ characters) but plainly not a secret; the comment above says to replace it.</summary>
    public const string AdminApiKeyPlaceholder = "REPLACE-ME-with-a-long-random-secret";

    /// <summary>Not E.164, so the loader refuses the file until a real number is written in its place.</summary>
    public const string PhonePlaceholder = "TODO: +<country code><number>";

    private const int Width = 118;

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(DraftConfig draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var w = new Writer();
        w.Comment(0, $"On-call configuration imported from {draft.Vendor} by scripts/import.sh (tools/IncidentFunctions.Importer). "
            + "JSON with comments and trailing commas, the format of config/incidents.json (README \"Configuration\"). "
            + "Every TODO marks something to do before this file is used; \"Not carried over\" says what the "
            + $"{draft.Vendor} account had that this file does not express.");
        foreach (var note in draft.Notes)
        {
            w.Comment(0, note);
        }

        w.Line(0, "{");
        w.Comment(1, "Key for the admin API. TODO: replace this placeholder with a secret of your own, at least 12 characters.");
        w.Line(1, $"\"adminApiKey\": {Str(AdminApiKeyPlaceholder)},");

        WriteResponders(w, draft);
        WriteSchedules(w, draft);
        WritePolicies(w, draft);
        WriteServices(w, draft);
        WriteHeartbeats(w, draft);
        w.Line(0, "}");
        return w.ToString();
    }

    private static void WriteResponders(Writer w, DraftConfig draft)
    {
        w.Blank();
        w.Comment(1, "Phone numbers in E.164: texts and calls go there, and replies are matched to responders by them. Notification "
            + $"rules are not carried over from {draft.Vendor}: responders get the built-in rules by severity (README \"Contact methods and notification rules\"), "
            + "or rules of their own under \"notificationRules\".");
        w.Line(1, "\"responders\": [");
        foreach (var responder in draft.Responders)
        {
            foreach (var note in responder.Notes)
            {
                w.Comment(2, note);
            }

            var fields = new List<string> { $"\"name\": {Str(responder.Name)}" };
            var methods = new List<string>();
            if (responder.Phone is null)
            {
                fields.Add($"\"phone\": {Str(PhonePlaceholder)}");
            }
            else if (responder.Voice is null)
            {
                fields.Add($"\"phone\": {Str(responder.Phone)}");
            }
            else
            {
                // Two numbers: texts (and replies) on one, calls on the other, as the vendor had them.
                methods.Add(Method("sms", responder.Phone));
                methods.Add(Method("voice", responder.Voice));
            }

            methods.AddRange(responder.Emails.Select(email => Method("email", email)));
            if (methods.Count > 0)
            {
                fields.Add($"\"contactMethods\": [{string.Join(", ", methods)}]");
            }

            w.Line(2, $"{{ {string.Join(", ", fields)} }},");
        }

        w.Line(1, "],");
    }

    private static void WriteSchedules(Writer w, DraftConfig draft)
    {
        w.Blank();
        w.Comment(1, "A rotation hands off every \"length\" from \"start\" (local time in the schedule's zone), through the responders in "
            + "order. Overrides win over the rotation: start inclusive, end exclusive.");
        w.Line(1, "\"schedules\": [");
        foreach (var schedule in draft.Schedules)
        {
            foreach (var note in schedule.Notes)
            {
                w.Comment(2, note);
            }

            w.CommentOutFrom = schedule.CommentedOut ? 2 : null;
            w.Line(2, "{");
            w.Line(3, $"\"name\": {Str(schedule.Name)},");
            w.Line(3, $"\"timeZone\": {Str(schedule.TimeZone)},");
            var responders = string.Join(", ", schedule.Responders.Select(Str));
            w.Line(3, $"\"rotation\": {{ \"responders\": [{responders}], \"start\": {Str(LocalText(schedule.Start))}, \"length\": {Str(schedule.Length)} }},");
            if (schedule.Overrides.Count > 0)
            {
                w.Line(3, "\"overrides\": [");
                foreach (var o in schedule.Overrides)
                {
                    w.Line(4, $"{{ \"responder\": {Str(o.Responder)}, \"start\": {Str(InstantText(o.Start))}, \"end\": {Str(InstantText(o.End))} }},");
                }

                w.Line(3, "],");
            }

            w.Line(2, "},");
            w.CommentOutFrom = null;
        }

        w.Line(1, "],");
    }

    private static void WritePolicies(Writer w, DraftConfig draft)
    {
        w.Blank();
        w.Comment(1, "Tier 1 is paged at once; each tier's delay is how long it waits for an acknowledgement before the next tier is "
            + "paged; \"repeat\" runs the tiers again that many more times.");
        w.Line(1, "\"escalationPolicies\": [");
        foreach (var policy in draft.Policies)
        {
            foreach (var note in policy.Notes)
            {
                w.Comment(2, note);
            }

            w.Line(2, "{");
            w.Line(3, $"\"name\": {Str(policy.Name)},");
            w.Line(3, string.Create(CultureInfo.InvariantCulture, $"\"repeat\": {policy.Repeat},"));
            w.Line(3, "\"tiers\": [");
            foreach (var tier in policy.Tiers)
            {
                var targets = string.Join(", ", tier.Targets.Select(t => t.Responder is not null
                    ? $"{{ \"responder\": {Str(t.Responder)} }}"
                    : $"{{ \"schedule\": {Str(t.Schedule!)} }}"));
                w.Line(4, $"{{ \"targets\": [{targets}], \"delay\": {Str(DurationText.Of(tier.Delay))} }},");
            }

            w.Line(3, "],");
            w.Line(2, "},");
        }

        w.Line(1, "],");
    }

    private static void WriteServices(Writer w, DraftConfig draft)
    {
        w.Blank();
        w.Comment(1, "Each integration key is new: monitoring tools must be pointed at this deployment with it, e.g. "
            + "https://<your-app>/api/alerts/<format>?key=<key> (formats: alertmanager, grafana, azure-monitor, datadog, generic), or "
            + "https://<your-app>/api/v2/enqueue with the key as routing_key for tools that speak PagerDuty's Events API v2 "
            + "(README \"Point your monitoring at it\"). Alerts sent to the old keys keep going to " + draft.Vendor + ".");
        w.Line(1, "\"services\": [");
        foreach (var service in draft.Services)
        {
            foreach (var note in service.Notes)
            {
                w.Comment(2, note);
            }

            w.Line(2, "{");
            w.Line(3, $"\"name\": {Str(service.Name)},");
            w.Line(3, $"\"integrationKeys\": [{string.Join(", ", service.IntegrationKeys.Select(Str))}],");
            w.Line(3, $"\"escalationPolicy\": {Str(service.Policy)},");
            w.Line(3, $"\"autoResolve\": {(service.AutoResolve ? "true" : "false")},");
            w.Line(2, "},");
        }

        w.Line(1, "],");
    }

    private static void WriteHeartbeats(Writer w, DraftConfig draft)
    {
        if (!draft.HasHeartbeatExport)
        {
            return;
        }

        w.Blank();
        w.Comment(1, $"Heartbeats from {draft.Vendor}: each expects a ping within its interval plus its grace, or opens an incident on its "
            + "service. A monitor set up for Opsgenie changes its URL to https://<your-app>/v2/heartbeats/<name>/ping and its key to "
            + "the service's new integration key (Authorization: GenieKey <key>), or pings /api/heartbeats/<name>/ping?key=<key>. "
            + "Each waits for its first ping here before it is timed.");
        w.Line(1, "\"heartbeats\": [");
        foreach (var heartbeat in draft.Heartbeats)
        {
            foreach (var note in heartbeat.Notes)
            {
                w.Comment(2, note);
            }

            w.Line(2, $"{{ \"name\": {Str(heartbeat.Name)}, \"service\": {Str(heartbeat.Service)}, \"interval\": {Str(heartbeat.Interval)}, "
                + $"\"enabled\": {(heartbeat.Enabled ? "true" : "false")}, \"severity\": {Str(heartbeat.Severity)} }},");
        }

        w.Line(1, "],");
    }

    private static string Method(string type, string to) => $"{{ \"type\": {Str(type)}, \"to\": {Str(to)} }}";

    private static string Str(string value) => JsonSerializer.Serialize(value, StringOptions);

    private static string LocalText(DateTime local) =>
        local.ToString(local.Second == 0 && local.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string InstantText(DateTimeOffset instant) =>
        instant.Offset == TimeSpan.Zero
            ? instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Lines with two-space indentation; comments wrapped to the file's width; a whole block can be commented out.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        /// <summary>When set, lines are commented out, the "//" at this depth so the block keeps its shape.</summary>
        public int? CommentOutFrom { get; set; }

        public void Blank() => _text.Append('\n');

        public void Line(int depth, string line)
        {
            if (CommentOutFrom is { } from)
            {
                _text.Append(' ', from * 2).Append("// ").Append(' ', (depth - from) * 2);
            }
            else
            {
                _text.Append(' ', depth * 2);
            }

            _text.Append(line).Append('\n');
        }

        public void Comment(int depth, string text)
        {
            // One line each: a newline inside a comment would end it and leave the rest as (broken) JSON.
            var words = text.ReplaceLineEndings(" ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = new StringBuilder();
            foreach (var word in words)
            {
                if (line.Length > 0 && depth * 2 + 3 + line.Length + 1 + word.Length > Width)
                {
                    Flush(depth, line);
                }

                if (line.Length > 0)
                {
                    line.Append(' ');
                }

                line.Append(word);
            }

            if (line.Length > 0)
            {
                Flush(depth, line);
            }
        }

        private void Flush(int depth, StringBuilder line)
        {
            _text.Append(' ', depth * 2).Append("// ").Append(line).Append('\n');
            line.Clear();
        }

        public override string ToString() => _text.ToString();
    }
}

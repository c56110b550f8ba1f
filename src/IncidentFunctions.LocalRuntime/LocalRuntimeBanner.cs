using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.LocalRuntime;

/// <summary>What a newcomer needs after <c>./run.sh</c>: where it listens, where pages go, and two commands to try.</summary>
internal static class LocalRuntimeBanner
{
    public static void Write(TextWriter output, LocalRuntimeHost host, TimeSpan startedIn)
    {
        var config = host.Configuration;
        var incidents = host.Services.GetRequiredService<IncidentConfigProvider>();
        var url = host.BaseUrl;
        var adminKey = incidents.Current.AdminApiKey;
        var twilio = !string.IsNullOrWhiteSpace(config["Twilio:AccountSid"]);
        var pages = twilio
            ? "Twilio (Twilio:AccountSid is set): real texts and calls"
            : $"the outbox, no texts or calls made: curl -H 'x-functions-key: {adminKey}' {url}/api/dev/outbox";
        var mail = string.IsNullOrWhiteSpace(config["Email:Host"])
            ? "the outbox too (medium email), no mail sent"
            : $"{config["Email:Host"]} (Email:Host is set): real mail is sent";
        var services = string.Join(Environment.NewLine + "               ",
            incidents.Current.Services.Select(s => $"{s.Name}: key {string.Join(", ", s.IntegrationKeys)} → policy {s.EscalationPolicy}"));
        var responders = string.Join(", ", incidents.Current.Responders.Select(r => $"{r.Name} {r.Phone}"));
        var stream = host.Services.GetRequiredService<EventStreamOptions>();
        var events = host.Services.GetRequiredService<IEventPublisher>().Transport == "service-bus"
            ? $"Service Bus topic {stream.TopicName}"
            : $"Storage queue {stream.QueueName} (no Service Bus configured; schema in docs/events.md)";
        var slack = host.Services.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled
            ? $"""
              on (Slack:BotToken is set); the Slack app's request URLs (public: a tunnel or the deployment in front of {url}):
                             events {url}/api/slack/events
                             interactivity {url}/api/slack/interactivity
                             slash command /incident {url}/api/slack/commands
              """.TrimEnd()
            : "off (set Slack:BotToken and Slack:SigningSecret; README \"Slack\")";
        var teams = host.Services.GetRequiredService<IOptions<TeamsOptions>>().Value.Enabled
            ? "on: incidents opened, updates, overdue and quiet notices, resolutions as Adaptive Cards"
            : "off (set Teams:WebhookUrl; README \"Microsoft Teams\")";
        var heartbeats = incidents.Current.Heartbeats.Count == 0
            ? $"none declared; add one: POST {url}/api/heartbeats (README \"Heartbeats\")"
            : string.Join(Environment.NewLine + "               ", incidents.Current.Heartbeats.Select(h =>
                $"{h.Name} on {h.Service}, every {Domain.Heartbeats.HeartbeatAlerts.Text(h.Interval)}: ping {url}/api/heartbeats/{h.Name}/ping?key=<{h.Service}'s key>"));
        var windows = incidents.Current.Maintenance.Windows.Count;
        var maintenance = windows == 0
            ? $"none recurring; open one: POST {url}/api/maintenance (README \"Maintenance windows\")"
            : $"{windows} recurring in the configuration; list: curl -H 'x-functions-key: {adminKey}' {url}/api/maintenance";
        var firstKey = incidents.Current.Services.FirstOrDefault()?.IntegrationKeys.FirstOrDefault() ?? "<integration key>";
        var firstPhone = incidents.Current.Responders.FirstOrDefault()?.Phone ?? "<responder phone>";

        output.WriteLine($"""

            IncidentFunctions local runtime, started in {startedIn.TotalSeconds:0.0} s
              Base URL     {url}
              Task hub     {host.Options.TaskHubName} (worker {host.Options.WorkerId}) on {DescribeStorage(config[LocalRuntimeOptions.StorageSetting])}
              Config       {incidents.Path}
              Services     {services}
              Responders   {responders}
              API key      x-functions-key: {adminKey}
              Pages go to  {pages}
              Mail goes to {mail}
              Events go to {events}
              Slack        {slack}
              Teams        {teams}
              Heartbeats   {heartbeats}
              Maintenance  {maintenance}
              Metrics      {url}/metrics (Prometheus format; README "Observability")
              Console      {url}/console (sign in with the API key)
              Status page  {url}/status (public; shows incidents once an update is addressed to users)

            Post an alert (run from the repo root; samples/ has a firing and a resolved payload for every format):
              curl -sS -H 'Content-Type: application/json' --data-binary @samples/alertmanager/firing.json '{url}/api/alerts/alertmanager?key={firstKey}'
              KEY={firstKey} scripts/post-alert.sh grafana firing {url}
            Reply to the page as {firstPhone} would, signed as Twilio signs it ('a' answers the last page to that number; '42a' takes the lead on INC 42):
              scripts/sms-reply.sh {firstPhone} a {url}
            Press a key on the last call to that number (4 takes the lead, 5 escalates, 6 twice resolves):
              scripts/voice-press.sh {firstPhone} 4 {url}
            The incident and its timeline:
              curl -sS -H 'x-functions-key: {adminKey}' {url}/api/incidents

            Press Ctrl-C to stop.

            """);
    }

    /// <summary>Names the storage without printing an account key.</summary>
    private static string DescribeStorage(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "Azurite (UseDevelopmentStorage=true)";
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("AccountName", out var account) ? $"storage account {account}" : "the configured storage account";
    }
}

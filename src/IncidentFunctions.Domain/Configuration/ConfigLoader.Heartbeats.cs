using System.Text.Json;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>The "heartbeats" section: monitors that must check in.</summary>
public static partial class ConfigLoader
{
    private sealed partial class Reader
    {
        private readonly Dictionary<string, string> _heartbeatNames = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>{ "name": "nightly-backup", "service": "checkout", "interval": "1d", "grace": "1h", "enabled": true, "severity": "error" }.</summary>
        private HeartbeatDefinition? ReadHeartbeat(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "name", "service", "interval", "grace", "enabled", "severity");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            if (name is not null && HeartbeatLimits.NameProblem(name) is { } nameProblem)
            {
                Problem(obj.PathOf("name"), nameProblem);
                name = null;
            }
            else
            {
                DefineName(_heartbeatNames, name, obj.PathOf("name"), "heartbeat");
            }

            var service = obj.RequiredReference("service", _serviceNames, "service");
            var interval = obj.RequiredDuration("interval")?.TotalTime;
            if (interval is { } i && HeartbeatLimits.IntervalProblem(i) is { } intervalProblem)
            {
                Problem(obj.PathOf("interval"), intervalProblem);
            }

            TimeSpan? grace = obj.Has("grace") ? obj.OptionalDuration("grace")?.TotalTime : interval is { } iv ? HeartbeatLimits.DefaultGrace(iv) : null;
            if (grace is { } g && HeartbeatLimits.GraceProblem(g) is { } graceProblem)
            {
                Problem(obj.PathOf("grace"), graceProblem);
            }

            var enabled = obj.OptionalBool("enabled") ?? true;
            var severity = AlertSeverity.Critical;
            if (obj.OptionalString("severity") is { } text && !Enum.TryParse(text, ignoreCase: true, out severity))
            {
                Problem(obj.PathOf("severity"), $"'{text}' is not an alert severity (critical, error, warning or info)");
            }

            return name is null || service is null || interval is null || grace is null
                ? null
                : new HeartbeatDefinition(name, service, interval.Value, grace.Value, enabled, severity);
        }
    }
}

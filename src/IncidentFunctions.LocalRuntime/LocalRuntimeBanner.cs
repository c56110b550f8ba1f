using Microsoft.Extensions.Configuration;

namespace IncidentFunctions.LocalRuntime;

/// <summary>What a newcomer needs after <c>./run.sh</c>: where it listens, where pages go, and two commands to try.</summary>
internal static class LocalRuntimeBanner
{
    public static void Write(TextWriter output, LocalRuntimeHost host, TimeSpan startedIn)
    {
        var config = host.Configuration;
        var url = host.BaseUrl;
        var twilio = !string.IsNullOrWhiteSpace(config["Twilio:AccountSid"]);
        var pages = twilio
            ? "Twilio (Twilio:AccountSid is set): real texts are sent"
            : $"the outbox, no texts sent: curl -H 'x-functions-key: <adminApiKey>' {url}/api/dev/outbox";

        output.WriteLine($"""

            IncidentFunctions local runtime, started in {startedIn.TotalSeconds:0.0} s
              Base URL     {url}
              Task hub     {host.Options.TaskHubName} (worker {host.Options.WorkerId}) on {DescribeStorage(config[LocalRuntimeOptions.StorageSetting])}
              Config       {ConfigPath(config)} (services, integration keys, responders, adminApiKey)
              Pages go to  {pages}

            Post an alert (run from the repo root):
              curl -sS -H 'Content-Type: application/json' --data-binary @../shared/fixtures/alertmanager/firing-two-alerts.json '{url}/api/alerts/alertmanager?key=sample-checkout-key'
            Reply to a page as responder +15550100001 would, signed as Twilio signs it ('42a' takes the lead on INC 42):
              scripts/sms-reply.sh +15550100001 42a {url}

            Press Ctrl-C to stop.

            """);
    }

    /// <summary>The incident configuration the application loads: INCIDENTS_CONFIG, else config/incidents.json beside the binary.</summary>
    private static string ConfigPath(IConfiguration config)
    {
        var configured = config["INCIDENTS_CONFIG"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "config", "incidents.json")
            : Path.GetFullPath(configured);
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

using IncidentFunctions.Application.Incidents;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>The answer to "/incident status": where the incident stands, in four short lines.</summary>
public static class SlackStatusText
{
    private const int MaxUpdateExcerpt = 300;

    public static string For(IncidentDetail detail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var i = detail.Incident;
        var last = detail.Updates.MaxBy(u => u.At);
        var due = i.NextUpdateDue is { } next && i.IsOpen
            ? $"Next update due by {SlackCommandRunner.Clock(next)}{(next < now ? " (overdue)" : "")}"
            : "No update due";
        return string.Join("\n",
            $"INC {i.Number} · SEV{(int)i.Severity} · {i.Status.ToString().ToLowerInvariant()}: {i.Title} ({i.Service})",
            i.Lead is { } lead ? $"Lead: {lead}" : "No lead yet",
            due,
            last is null ? "No update yet" : $"Last update {SlackCommandRunner.Clock(last.At)} by {last.By}: {Clip(last.Text)}");
    }

    private static string Clip(string text) => text.Length <= MaxUpdateExcerpt ? text : text[..(MaxUpdateExcerpt - 1)] + "…";
}

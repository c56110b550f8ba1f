using IncidentFunctions.Domain.Reports;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Tests.Reports;

/// <summary>Builds report facts with readable defaults: a SEV2 on checkout opened at <see cref="T0"/>, acknowledged and resolved.</summary>
internal static class ReportTestData
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static IncidentFacts Incident(
        long number,
        int ackMinutes = 5,
        int resolveMinutes = 60,
        string service = "checkout",
        IncidentSeverity severity = IncidentSeverity.Sev2,
        int openedDay = 0,
        bool acknowledged = true,
        bool resolved = true,
        int onTime = 0,
        int late = 0,
        int missed = 0,
        params string[] paged)
    {
        var opened = T0.AddDays(openedDay);
        return new IncidentFacts(
            number,
            service,
            severity,
            opened,
            acknowledged ? opened.AddMinutes(ackMinutes) : null,
            resolved ? opened.AddMinutes(resolveMinutes) : null,
            onTime,
            late,
            missed,
            paged);
    }

    public static AlertRuleFacts Rule(
        string rule, long incident, int alerts = 1, int pages = 1, int? ackMinutes = 5, bool repeat = false, bool? useful = null, string service = "checkout") =>
        new(service, rule, incident, alerts, pages, ackMinutes is { } m ? TimeSpan.FromMinutes(m) : null, repeat, useful);
}

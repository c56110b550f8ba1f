namespace IncidentFunctions.Domain.Response;

/// <summary>How bad the incident is for the business; drives paging loudness and update cadence. SEV1 is worst.</summary>
public enum IncidentSeverity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}

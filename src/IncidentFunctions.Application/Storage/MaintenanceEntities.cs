using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>One maintenance window (partition "windows", row = window id).</summary>
internal sealed class MaintenanceWindowEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ServicesJson { get; set; } = "[]";
    public string MatchersJson { get; set; } = "{}";
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string Reason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? ConfigName { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public DateTimeOffset? StartAnnouncedAt { get; set; }
}

/// <summary>One alert identity (service, dedup key) a window suppressed (partition = window id).</summary>
internal sealed class SuppressedAlertEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Service { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public string Title { get; set; } = "";
    public string Format { get; set; } = "";
    public string AlertJson { get; set; } = "{}";
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
    public int Count { get; set; }
    public bool Resolved { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public bool Published { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public string? ReleasedAs { get; set; }
    public long? ReleasedIncident { get; set; }
}

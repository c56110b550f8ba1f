using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

// Table rows. Enums are stored as their names so the tables stay readable in Storage Explorer.

internal sealed class IncidentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = IncidentRows.IncidentRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Number { get; set; }
    public string Service { get; set; } = "";
    public string Title { get; set; } = "";
    public string Severity { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public string EscalationPolicy { get; set; } = "";
    public string? PlaybookUrlsJson { get; set; }
    public string? RespondersJson { get; set; }
    public string? RepeatOfJson { get; set; }
    public string? RepeatSummary { get; set; }
    public DateTimeOffset? NextUpdateDue { get; set; }
    public DateTimeOffset? LastUpdateAt { get; set; }
    public int UpdatesOnTime { get; set; }
    public int UpdatesLate { get; set; }
    public int UpdatesMissed { get; set; }
    public string? ResolutionSummary { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string Status { get; set; } = "";
    public string? Lead { get; set; }
    public string? AcknowledgedBy { get; set; }
    public int AlertCount { get; set; }
    public string? AlertTalliesJson { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset LastAlertAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

internal sealed class TimelineEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long IncidentNumber { get; set; }
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Summary { get; set; } = "";
    public string EntryKey { get; set; } = "";
    public string? DataJson { get; set; }
}

internal sealed class AlertEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Format { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public string Title { get; set; } = "";
    public string Severity { get; set; } = "";
    public string? SourceSeverity { get; set; }
    public string Status { get; set; } = "";
    public string? Source { get; set; }
    public string? Description { get; set; }
    public string? LabelsJson { get; set; }
    public string? LinksJson { get; set; }
    public int Count { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
}

internal sealed class OpenIncidentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long IncidentNumber { get; set; }
    public string DedupKey { get; set; } = "";
}

internal sealed class CounterEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Value { get; set; }
}

internal sealed class SmsContextEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "last";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long IncidentNumber { get; set; }
    public DateTimeOffset PagedAt { get; set; }
}

internal sealed class SendEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Recipient { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? Sid { get; set; }
    public int? ErrorCode { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset? AttemptedAt { get; set; }
    public int? Attempts { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>"voice", "email"; absent for a text (every row before other media).</summary>
    public string? Medium { get; set; }

    /// <summary>A call's other incidents ("41,42"), said in it because the flood limit held their calls back.</summary>
    public string? Bundle { get; set; }
}

internal sealed class ResolvedIncidentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Number { get; set; }
    public string DedupKey { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset ResolvedAt { get; set; }
}

internal sealed class PagerTestEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Responder { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public string Reason { get; set; } = "";
    public string? Schedule { get; set; }
    public string MethodsJson { get; set; } = "[]";
    public DateTimeOffset? OwnerToldAt { get; set; }
}

/// <summary>A responder's last asked-for test, claimed under its ETag: the flood guard.</summary>
internal sealed class PagerTestGuardEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset LastAskedAt { get; set; }
}

/// <summary>In SmsContexts beside the last page: the test a text "ok" from this phone confirms.</summary>
internal sealed class PagerTestPhoneEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Responder { get; set; } = "";
    public string TestId { get; set; } = "";
    public string MethodKey { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}

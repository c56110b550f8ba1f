using System.Text.Json;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Domain.Maintenance;
using IncidentFunctions.Application.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// POST /api/maintenance (create), POST /api/maintenance/{id}/end (end now), GET /api/maintenance (active, upcoming
/// and recent) and GET /api/maintenance/{id} (one, with its suppressed alerts). The whole body is checked before
/// anything is written: a 400 names the first field to fix (services[1], end, matchers.host…).
/// </summary>
public sealed class MaintenanceApiHandler(MaintenanceService maintenance, IncidentConfigProvider config, TimeProvider time)
{
    /// <summary>Who created a window when the admin key made it and did not say for whom: automation.</summary>
    public const string DefaultCreator = Attribution.Automation;

    /// <summary>Ended windows stay in the list this long, so the morning after shows what the night held back.</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromDays(7);

    public async Task<IResult> CreateAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        using var f = fields!;
        var now = time.GetUtcNow();
        var cfg = config.Current;

        var services = new List<string>();
        foreach (var (name, i) in (f.Strings("services", required: true) ?? []).Select((n, i) => (n, i)))
        {
            if (cfg.FindService(name) is { } service)
            {
                if (!services.Contains(service.Name, StringComparer.OrdinalIgnoreCase))
                {
                    services.Add(service.Name);
                }
            }
            else
            {
                f.Reject($"services[{i}]", $"'services[{i}]' names no configured service ('{name}')");
            }
        }

        var start = f.Has("start") ? f.Time("start") : now;
        var end = f.Time("end");
        if (!f.Has("end"))
        {
            f.Reject("end", "'end' is required: a window always ends by itself (ISO 8601, e.g. 2026-12-07T04:00:00Z)");
        }

        var matchers = ReadMatchers(f);
        var reason = f.String("reason", required: true, 500);
        var by = f.String("by", required: false, 200);
        var actor = RequestActor.Of(request);
        if (!actor.IsAutomation && by is not null && !string.Equals(by, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            f.Refuse("by", $"you are signed in as {actor.Name}: the window is recorded as made by you");
        }

        if (f.Error is null && start is { } s && end is { } e && MaintenanceLimits.Check(s, e, now, cfg.Maintenance.MaxDuration) is { } limit)
        {
            f.Reject(limit.Field, limit.Problem);
        }

        if (f.Error is { } error)
        {
            return error;
        }

        var window = new MaintenanceWindow(MaintenanceWindowIds.ForApi(Guid.NewGuid()), services, matchers!, start!.Value, end!.Value,
            reason!, CreatorOf(actor, by), now);
        await maintenance.CreateAsync(window, client, ct);
        return new HeaderResult(Results.Json(MaintenanceWindowView.From(window, now), ApiJson.Options, statusCode: StatusCodes.Status201Created),
            "Location", "/api/maintenance/" + window.Id);
    }

    /// <summary>
    /// A person makes a window as themselves; the admin key as automation, and the tool or person it names in "by"
    /// (free text: a deploy pipeline is no responder) is kept as whom it was made for, never as its maker.
    /// </summary>
    private static string CreatorOf(RequestActor actor, string? by) =>
        !actor.IsAutomation ? actor.Name
        : string.IsNullOrWhiteSpace(by) ? DefaultCreator
        : new Attribution(Attribution.Automation, Channels.AutomationKey, by.Trim()).Shown;

    /// <summary>
    /// Ends the window now. A window that has ended already (by itself, or someone ended it) is a 409 naming when: the
    /// on-call engineer learns it was over rather than believing their click ended it, and nothing changes.
    /// </summary>
    public async Task<IResult> EndAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        if (!MaintenanceWindowIds.IsWellFormed(id))
        {
            return Problems.NotFound($"no maintenance window '{id}'");
        }

        var (window, outcome) = await maintenance.EndAsync(id, client, ct);
        var now = time.GetUtcNow();
        return outcome switch
        {
            MaintenanceEndOutcome.NotFound => Problems.NotFound($"no maintenance window '{id}'"),
            MaintenanceEndOutcome.AlreadyEnded => Problems.Create(StatusCodes.Status409Conflict, "Conflict",
                $"maintenance window {id} already ended at {window!.EffectiveEnd.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" + (window.EndedAt is not null ? " (ended early)" : ""), "id",
                new Dictionary<string, object?> { ["endedAt"] = window.EffectiveEnd }),
            _ => Results.Json(MaintenanceWindowView.From(window!, now), ApiJson.Options),
        };
    }

    /// <summary>Active and upcoming windows, and those ended in the last <see cref="RecentFor"/>; soonest start first.</summary>
    public async Task<IResult> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var windows = (await maintenance.ListAsync(ct)).Where(w => w.EffectiveEnd > now - RecentFor).ToList();
        var views = new List<MaintenanceWindowView>(windows.Count);
        foreach (var window in windows)
        {
            var suppressed = await maintenance.SuppressedAsync(window.Id, ct);
            views.Add(MaintenanceWindowView.From(window, now) with { SuppressedAlerts = suppressed.Count });
        }

        return Results.Json(new { windows = views }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken ct)
    {
        if (!MaintenanceWindowIds.IsWellFormed(id) || await maintenance.GetAsync(id, ct) is not { } window)
        {
            return Problems.NotFound($"no maintenance window '{id}'");
        }

        var suppressed = await maintenance.SuppressedAsync(id, ct);
        return Results.Json(MaintenanceWindowView.From(window, time.GetUtcNow()) with
        {
            SuppressedAlerts = suppressed.Count,
            Alerts = suppressed.Select(SuppressedAlertView.From).ToList(),
        }, ApiJson.Options);
    }

    /// <summary>"matchers": {"host": "db-*"}: label name → glob, each problem at matchers.&lt;label&gt;.</summary>
    private static LabelMatchers? ReadMatchers(JsonFields f)
    {
        if (!f.Has("matchers"))
        {
            return LabelMatchers.All;
        }

        if (!f.Raw.TryGetProperty("matchers", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            f.Reject("matchers", "'matchers' must be an object of label name to pattern, e.g. {\"host\": \"db-*\"}");
            return null;
        }

        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = $"matchers.{property.Name}";
            if (property.Name.Trim().Length == 0 || property.Name.Length > 200)
            {
                f.Reject(field, "a label name must be 1 to 200 characters");
            }
            else if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString()!.Trim().Length == 0 || property.Value.GetString()!.Length > 500)
            {
                f.Reject(field, $"'{field}' must be a non-empty pattern of at most 500 characters (* any run, ? one character)");
            }
            else if (!patterns.TryAdd(property.Name, property.Value.GetString()!))
            {
                f.Reject(field, $"'{field}' appears more than once");
            }
        }

        if (patterns.Count > ConfigLoader.MaxMatchers)
        {
            f.Reject("matchers", $"'matchers' may name at most {ConfigLoader.MaxMatchers} labels");
        }

        return new LabelMatchers(patterns);
    }
}

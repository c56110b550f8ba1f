using System.Globalization;
using System.Text.Json;
using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// The "maintenance" section: <c>{"maxDuration": "7d", "windows": [{"name", "services", "matchers"?, "reason",
/// "timeZone", "days": ["sun"], "start": "02:00", "end": "03:00"}]}</c>.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>Day words as people write them in cron and calendars; full names too.</summary>
    private static readonly Dictionary<string, DayOfWeek> DayWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
    };

    /// <summary>Label matchers per window: enough to say "these hosts", few enough to read at a glance.</summary>
    public const int MaxMatchers = 20;

    private sealed partial class Reader
    {
        private readonly Dictionary<string, string> _windowNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _windowSlugs = new(StringComparer.Ordinal);

        private MaintenanceConfig ReadMaintenance(Obj root)
        {
            var obj = root.OptionalObject("maintenance", "maxDuration", "windows");
            if (obj is null)
            {
                return MaintenanceConfig.Default;
            }

            var max = obj.OptionalDuration("maxDuration")?.TotalTime ?? MaintenanceConfig.DefaultMaxDuration;
            var windows = obj.OptionalArray("windows", (element, path) => ReadRecurringWindow(element, path, max)) ?? [];
            return new MaintenanceConfig(max, windows);
        }

        private RecurringWindowConfig? ReadRecurringWindow(JsonElement element, string path, TimeSpan max)
        {
            var obj = Obj.Open(this, element, path, "name", "services", "matchers", "reason", "timeZone", "days", "start", "end");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            DefineName(_windowNames, name, obj.PathOf("name"), "maintenance window");
            if (name is not null)
            {
                // Occurrence ids are made from the name's slug: two names with one slug would share ids.
                var slug = MaintenanceWindowIds.ForOccurrence(name, DateTimeOffset.UnixEpoch);
                if (_windowSlugs.TryGetValue(slug, out var other) && !_windowNames.Comparer.Equals(other, name))
                {
                    Problem(obj.PathOf("name"), $"'{name}' and '{other}' differ only in punctuation or spaces; window ids are made from the name, so make them differ in letters or digits");
                }

                _windowSlugs.TryAdd(slug, name);
            }

            var services = obj.RequiredArray("services", (e, p) => ReadReference(e, p, _serviceNames, "service"));
            if (services is { Count: 0 })
            {
                Problem(obj.PathOf("services"), "must list at least one service");
            }

            var matchers = ReadMatchers(obj);
            var reason = obj.RequiredString("reason");

            TimeZoneInfo? zone = null;
            var timeZone = obj.RequiredString("timeZone");
            if (timeZone is not null)
            {
                if (IsIanaTimeZone(timeZone))
                {
                    zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
                }
                else
                {
                    Problem(obj.PathOf("timeZone"), $"'{timeZone}' is not a known IANA time zone id such as \"Europe/London\" or \"America/New_York\"");
                }
            }

            var days = ReadDays(obj);
            var start = ReadLocalTime(obj, "start");
            var end = ReadLocalTime(obj, "end");
            if (start is not null && end is not null)
            {
                if (start == end)
                {
                    Problem(obj.PathOf("end"), "must differ from start (an end before the start crosses midnight: \"23:00\" to \"01:00\")");
                }
                else
                {
                    var length = end > start ? end.Value - start.Value : TimeSpan.FromDays(1) - (start.Value - end.Value);
                    if (length > max)
                    {
                        Problem(obj.PathOf("end"), $"makes each occurrence {MaintenanceLimits.Describe(length)} long, over maintenance.maxDuration ({MaintenanceLimits.Describe(max)})");
                    }
                }
            }

            if (name is null || services is null || matchers is null || reason is null || zone is null || days is null || start is null || end is null || start == end)
            {
                return null;
            }

            return new RecurringWindowConfig(name, services, matchers, reason, new WeeklyRecurrence(days, TimeOnly.FromTimeSpan(start.Value), TimeOnly.FromTimeSpan(end.Value), zone));
        }

        /// <summary>"matchers": {"host": "db-*"}: label name → glob; absent means every alert of the services.</summary>
        private LabelMatchers? ReadMatchers(Obj window)
        {
            if (!window.TryGetOptional("matchers", out var element))
            {
                return LabelMatchers.All;
            }

            var path = window.PathOf("matchers");
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, $"must be an object of label name to pattern like {{\"host\": \"db-*\"}}, not {Describe(element)}");
                return null;
            }

            var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            foreach (var property in element.EnumerateObject())
            {
                var value = StringValue(property.Value, $"{path}.{property.Name}");
                if (value is null || property.Name.Trim().Length == 0)
                {
                    if (value is not null)
                    {
                        Problem($"{path}.{property.Name}", "a label name must not be empty");
                    }

                    ok = false;
                    continue;
                }

                if (!patterns.TryAdd(property.Name, value))
                {
                    Problem($"{path}.{property.Name}", "appears more than once");
                    ok = false;
                }
            }

            if (patterns.Count > MaxMatchers)
            {
                Problem(path, $"must have at most {MaxMatchers} labels");
                ok = false;
            }

            return ok ? new LabelMatchers(patterns) : null;
        }

        private HashSet<DayOfWeek>? ReadDays(Obj window)
        {
            var days = window.RequiredArray("days", (element, path) =>
            {
                var word = StringValue(element, path);
                if (word is null)
                {
                    return null;
                }

                if (!DayWords.TryGetValue(word, out var day))
                {
                    Problem(path, $"'{word}' is not a day; write one of sun, mon, tue, wed, thu, fri, sat");
                    return null;
                }

                return (object)day;
            });
            if (days is { Count: 0 })
            {
                Problem(window.PathOf("days"), "must list at least one day");
                return null;
            }

            return days is null ? null : [.. days.Cast<DayOfWeek>()];
        }

        /// <summary>A wall-clock time "HH:mm" (24-hour), or null after reporting why not.</summary>
        private TimeSpan? ReadLocalTime(Obj window, string name)
        {
            var text = window.RequiredString(name);
            if (text is null)
            {
                return null;
            }

            if (text.Length == 5 && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time.ToTimeSpan();
            }

            Problem(window.PathOf(name), $"'{text}' is not a local time like \"02:00\" (24-hour HH:mm, in the window's time zone)");
            return null;
        }
    }
}

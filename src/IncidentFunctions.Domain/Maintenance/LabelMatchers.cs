using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Maintenance;

/// <summary>
/// Which alerts of a covered service a maintenance window takes: every label named must be on the alert and match its
/// glob (<see cref="Glob"/>: <c>*</c>, <c>?</c>, case-insensitive values), e.g. <c>{"host": "db-*"}</c>. No matchers
/// means every alert of the service. Label names are compared exactly, as Prometheus and Grafana treat them.
/// </summary>
public sealed record LabelMatchers(IReadOnlyDictionary<string, string> Patterns)
{
    public static readonly LabelMatchers All = new(new Dictionary<string, string>());

    public bool IsEmpty => Patterns.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (name, pattern) in Patterns)
        {
            if (!labels.TryGetValue(name, out var value) || !Glob.IsMatch(pattern, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records compare dictionaries by reference; windows are compared by what they cover.</summary>
    public bool Equals(LabelMatchers? other) =>
        other is not null && Patterns.Count == other.Patterns.Count
        && Patterns.All(p => other.Patterns.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));

    public override int GetHashCode() => Patterns.Count;

    public override string ToString() => IsEmpty ? "every alert" : string.Join(", ", Patterns.Select(p => $"{p.Key}={p.Value}"));
}

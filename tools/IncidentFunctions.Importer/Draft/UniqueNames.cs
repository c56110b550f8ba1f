namespace IncidentFunctions.Importer.Draft;

/// <summary>
/// Names as the configuration needs them: unique within their kind, case-insensitively. The vendors key everything
/// by id, so two users called "Sam Lee" are fine there; here the second gets a qualifier (their email, or a number).
/// </summary>
public sealed class UniqueNames
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    public string Take(string wanted, string? qualifier = null)
    {
        var name = string.IsNullOrWhiteSpace(wanted) ? "unnamed" : wanted.Trim();
        if (_taken.Add(name))
        {
            return name;
        }

        if (qualifier is not null && _taken.Add($"{name} ({qualifier})"))
        {
            return $"{name} ({qualifier})";
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{name} ({n})";
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}

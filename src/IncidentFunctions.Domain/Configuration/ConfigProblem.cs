namespace IncidentFunctions.Domain.Configuration;

/// <summary>One thing wrong with a configuration file.</summary>
/// <param name="Path">Where, e.g. "escalationPolicies[0].tiers[1].targets[0].schedule"; "$" for the file as a whole.</param>
public sealed record ConfigProblem(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>Every problem found in a configuration file, not just the first. The message has one problem per line.</summary>
public sealed class ConfigValidationException : Exception
{
    public ConfigValidationException(IReadOnlyList<ConfigProblem> problems)
        : base(string.Join(Environment.NewLine, problems ?? throw new ArgumentNullException(nameof(problems))))
    {
        Problems = problems;
    }

    public IReadOnlyList<ConfigProblem> Problems { get; }
}

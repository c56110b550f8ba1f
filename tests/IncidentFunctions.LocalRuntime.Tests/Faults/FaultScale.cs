namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// Sizes of the fault scenarios: small in ./test.sh (seconds each, on 2 shared cores), full when INCIDENT_TEST_SCALE=full
/// (./bench.sh runs them that way).
/// </summary>
internal static class FaultScale
{
    public const string Variable = "INCIDENT_TEST_SCALE";

    public static bool Full { get; } = string.Equals(Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase);

    public static T Pick<T>(T small, T full) => Full ? full : small;
}

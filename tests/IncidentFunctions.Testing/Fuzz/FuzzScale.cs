namespace IncidentFunctions.Testing.Fuzz;

/// <summary>
/// How hard the fuzz tests ([Trait("Category","Fuzz")]) try. INCIDENT_TEST_SCALE unset: a fixed seed and few cases, so
/// ./test.sh stays fast and a failure reproduces on every machine. INCIDENT_TEST_SCALE=full (./bench.sh): many more cases
/// from a fresh seed each run, which CsCheck prints with any failure. INCIDENT_FUZZ_SEED replays a printed seed.
/// </summary>
public static class FuzzScale
{
    public const string ScaleVariable = "INCIDENT_TEST_SCALE";
    public const string SeedVariable = "INCIDENT_FUZZ_SEED";

    /// <summary>A valid CsCheck seed; any fixed one will do, what matters is that it never changes between runs.</summary>
    public const string FixedSeed = "0N0XIzNsQ0O2";

    public static bool Full => string.Equals(Environment.GetEnvironmentVariable(ScaleVariable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The seed to pass to CsCheck: the replayed one, else fixed in the fast run, else null (fresh) in the full run.</summary>
    public static string? Seed =>
        Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } replay ? replay
        : Full ? null
        : FixedSeed;

    public static long Iterations(long fast, long full) => Full ? full : fast;
}

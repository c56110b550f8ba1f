namespace IncidentFunctions.Testing;

/// <summary>How a dialled call ends up before any TwiML runs.</summary>
public enum CalleeOutcome
{
    /// <summary>Someone (or something) picks up: the fake fetches the call's TwiML and plays it.</summary>
    Answers,

    /// <summary>The line is busy: status "busy", no TwiML fetched.</summary>
    Busy,

    /// <summary>It rings out: status "no-answer", no TwiML fetched.</summary>
    NoAnswer,

    /// <summary>The carrier could not connect it: status "failed", no TwiML fetched.</summary>
    Failed,
}

/// <summary>
/// What the fake's callee at one number does when called (see <see cref="FakeTwilioServer.ProgramCallee"/>). A human who
/// answers hears every &lt;Say&gt; and gives each &lt;Gather&gt; in turn the next entry of <see cref="Digits"/> ("" or no
/// entries left: silence, so the Gather times out). An answering machine never presses anything. Immutable; the
/// modifiers return a copy.
/// </summary>
public sealed record CalleeBehaviour
{
    public CalleeOutcome Outcome { get; init; } = CalleeOutcome.Answers;

    /// <summary>Answered by an answering machine (AnsweredBy machine_start, or machine_end_beep with DetectMessageEnd).</summary>
    public bool IsMachine { get; init; }

    /// <summary>The keys pressed at each &lt;Gather&gt;, in order.</summary>
    public IReadOnlyList<string> Digits { get; init; } = [];

    /// <summary>How long the phone rings before the outcome (waited on the fake's TimeProvider). Zero by default.</summary>
    public TimeSpan RingFor { get; init; }

    /// <summary>The call keeps ringing until <see cref="FakeTwilioServer.ReleaseHeldCalls"/> (or until the app cancels it).</summary>
    public bool IsHeld { get; init; }

    /// <summary>
    /// Overrides the AnsweredBy the fake reports when the call asked for MachineDetection (e.g. "unknown", "fax",
    /// "machine_end_silence"); null: "human", or the machine's value.
    /// </summary>
    public string? AnsweredByOverride { get; init; }

    /// <summary>The default: a human answers and never presses anything.</summary>
    public static CalleeBehaviour Silence { get; } = new();

    /// <summary>An answering machine picks up.</summary>
    public static CalleeBehaviour Machine { get; } = new() { IsMachine = true };

    public static CalleeBehaviour Busy { get; } = new() { Outcome = CalleeOutcome.Busy };

    public static CalleeBehaviour NoAnswer { get; } = new() { Outcome = CalleeOutcome.NoAnswer };

    public static CalleeBehaviour Failed { get; } = new() { Outcome = CalleeOutcome.Failed };

    /// <summary>A human answers and presses <paramref name="digitsPerGather"/>[i] at the i-th &lt;Gather&gt; (e.g. Press("4"), Press("", "1#")).</summary>
    public static CalleeBehaviour Press(params string[] digitsPerGather)
    {
        ArgumentNullException.ThrowIfNull(digitsPerGather);
        return new CalleeBehaviour { Digits = digitsPerGather.ToArray() };
    }

    /// <summary>The same behaviour after ringing for <paramref name="duration"/>.</summary>
    public CalleeBehaviour Ringing(TimeSpan duration) => this with { RingFor = duration };

    /// <summary>The same behaviour once released: the call stays "ringing" until <see cref="FakeTwilioServer.ReleaseHeldCalls"/>.</summary>
    public CalleeBehaviour HeldUntilReleased() => this with { IsHeld = true };

    /// <summary>The same behaviour, reported to machine detection as <paramref name="answeredBy"/>.</summary>
    public CalleeBehaviour AnsweredAs(string answeredBy) => this with { AnsweredByOverride = answeredBy };
}

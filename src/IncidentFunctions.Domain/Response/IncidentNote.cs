namespace IncidentFunctions.Domain.Response;

public enum NoteKind
{
    Finding,
    Hypothesis,
    RootCause,
    Other,
}

/// <summary>Something learned while responding (Learn in Communicate → Learn → Act).</summary>
public sealed record IncidentNote(string Id, DateTimeOffset At, string By, NoteKind Kind, string Text);

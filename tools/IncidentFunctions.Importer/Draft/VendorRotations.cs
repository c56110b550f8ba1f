namespace IncidentFunctions.Importer.Draft;

/// <summary>
/// One rotation of a vendor's schedule as read from its export: an Opsgenie rotation, a PagerDuty layer. A schedule
/// here has one rotation, so both importers carry one over and keep the others commented out, the same way.
/// </summary>
public sealed record VendorRotation(string Name, IReadOnlyList<string> Responders, DateTime Start, string Length, DateTimeOffset? End, List<string> Notes);

/// <summary>How a vendor names its rotations, for the comments: ("Opsgenie", "rotation", "ends", why one is kept).</summary>
public sealed record RotationWords(string Vendor, string Kind, string EndVerb, string WhyOne);

public static class VendorRotations
{
    /// <summary>The rotation carried over: the first still in force with someone on it, else the first with someone on it.</summary>
    public static VendorRotation? Primary(IReadOnlyList<VendorRotation> rotations) =>
        rotations.FirstOrDefault(r => r.Responders.Count > 0 && r.End is null) ?? rotations.FirstOrDefault(r => r.Responders.Count > 0);

    /// <summary>
    /// Adds <paramref name="draft"/> (the primary rotation's schedule, its first notes already said) with what applies to
    /// every vendor: an unknown zone, the rotation's own notes, an end not carried; then the other rotations with someone
    /// on them, commented out for reference.
    /// </summary>
    /// <param name="notes">The vendor's own notes about the schedule, said after an unknown zone's.</param>
    public static void Add(DraftConfig config, UniqueNames names, DraftSchedule draft, string title, TimeZoneInfo? zone, VendorRotation primary,
        IReadOnlyList<VendorRotation> rotations, RotationWords words, IEnumerable<string> notes)
    {
        if (zone is null)
        {
            draft.Notes.Add($"TODO: '{draft.TimeZone}' is not a time zone this machine knows; the start below is in UTC. Write an IANA id such as \"Europe/London\" and the local start.");
        }

        draft.Notes.AddRange(notes);
        draft.Notes.AddRange(primary.Notes);
        if (primary.End is { } end)
        {
            draft.Notes.Add($"Not carried over: the {words.Kind} ended at {end:yyyy-MM-dd HH:mm zzz} in {words.Vendor}; a rotation here has no end.");
        }

        config.Schedules.Add(draft);
        foreach (var other in rotations.Where(r => r != primary && r.Responders.Count > 0))
        {
            var alternative = new DraftSchedule(names.Take($"{title} - {other.Name}"), draft.TimeZone, other.Responders, other.Start, other.Length) { CommentedOut = true };
            alternative.Notes.Add($"Not carried over: {words.Kind} '{other.Name}' of {words.Vendor} schedule '{title}'{(other.End is { } e ? $" ({words.EndVerb} {e:yyyy-MM-dd})" : "")}. "
                + words.WhyOne + " Kept commented out for reference: to use it, uncomment it and name it in a policy.");
            alternative.Notes.AddRange(other.Notes);
            config.Schedules.Add(alternative);
        }
    }
}

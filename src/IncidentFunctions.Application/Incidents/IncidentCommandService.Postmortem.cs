using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// The post-mortem's edits and completion. Its rules are the <see cref="Postmortem"/>'s own (a completed one takes no
/// more edits); it is saved on its own rows under their ETag.
/// </summary>
public sealed partial class IncidentCommandService
{
    public async Task<CommandResult<Postmortem>> EditPostmortemAsync(long number, PostmortemEdit edit, Attribution by, DateTimeOffset now, CancellationToken ct)
    {
        var result = await SavePostmortemAsync(number, p => p.WithSections(edit), ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.PostmortemEdited(number, now, by.Name).By(by), ct);
        }

        return result;
    }

    public async Task<CommandResult<Postmortem>> CompletePostmortemAsync(long number, Attribution by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await SavePostmortemAsync(number, p => p.Complete(by.Shown, now), ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.PostmortemCompleted(number, now, by.Shown).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.PostmortemCompleted, by.Shown, now), ct);
        }

        return result;
    }

    /// <summary>Applies a change to the stored post-mortem under its ETag; the domain's refusals become Invalid (a section) or Refused (its state).</summary>
    private async Task<CommandResult<Postmortem>> SavePostmortemAsync(long number, Func<Postmortem, Postmortem> change, CancellationToken ct)
    {
        var incident = (await store.GetIncidentAsync(number, ct))?.Incident;
        if (incident is null)
        {
            return CommandResult<Postmortem>.NotFound(number);
        }

        while (true)
        {
            var found = await records.GetPostmortemAsync(number, ct);
            if (found is null)
            {
                return CommandResult<Postmortem>.Missing(incident, "postmortem", $"INC {number} has no post-mortem yet: it is drafted when the incident resolves");
            }

            Postmortem changed;
            try
            {
                changed = change(found.Postmortem);
            }
            catch (PostmortemException e) when (e.Problems.Count > 0)
            {
                return CommandResult<Postmortem>.Invalid(incident, e.Problems[0].Field, e.Problems[0].Message);
            }
            catch (PostmortemException e)
            {
                return CommandResult<Postmortem>.Refused(incident, e.Message);
            }

            if (!IncidentRecordStore.Fits(changed))
            {
                return CommandResult<Postmortem>.Invalid(incident, "$",
                    $"the post-mortem would be larger than the {IncidentRecordStore.PostmortemChunkChars * IncidentRecordStore.PostmortemMaxChunks / 1000} thousand characters it may hold as stored; shorten a section");
            }

            if (await records.TryUpdatePostmortemAsync(changed, found.ETag, ct))
            {
                return CommandResult<Postmortem>.Done(changed, incident);
            }
        }
    }
}

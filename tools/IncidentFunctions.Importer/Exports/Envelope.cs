namespace IncidentFunctions.Importer.Exports;

/// <summary>
/// The records inside a saved response, whichever call produced it: a list ({"users": [...]}, Opsgenie's
/// {"data": [...]}) or one record ({"user": {...}}, {"data": {...}}), so a folder may hold either.
/// </summary>
public static class Envelope
{
    public static IReadOnlyList<ExportNode> Records(ExportNode response, string listProperty, string singleProperty, string call)
    {
        response.RequireObject();
        if (response.Optional(listProperty) is { } list)
        {
            if (list.Kind == System.Text.Json.JsonValueKind.Object && listProperty == singleProperty)
            {
                return [list];
            }

            return [.. list.Items()];
        }

        if (response.Optional(singleProperty) is { } single)
        {
            single.RequireObject();
            return [single];
        }

        throw response.Error(listProperty == singleProperty
            ? $"has no \"{listProperty}\": expected the response of {call}"
            : $"has neither \"{listProperty}\" nor \"{singleProperty}\": expected the response of {call}");
    }

    /// <summary>Each file under the export's folder with its key, the file name without ".json" (a schedule id, say).</summary>
    public static IEnumerable<(string Key, ExportNode Response)> Keyed(ExportFolder folder, string name)
    {
        var directory = Path.Combine(folder.Root, name);
        return folder.Files(name)
            .Where(file => string.Equals(Path.GetDirectoryName(file), directory, StringComparison.Ordinal))
            .Select(file => (Path.GetFileNameWithoutExtension(file), ExportFolder.ReadFile(file)));
    }
}

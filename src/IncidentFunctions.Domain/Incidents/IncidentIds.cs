using System.Globalization;

namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// Incidents are numbered 1, 2, 3… so that a reply like "42a" fits in a text.
/// Storage keys zero-pad the number so partitions sort numerically.
/// </summary>
public static class IncidentIds
{
    public static string Format(long number) => number.ToString(CultureInfo.InvariantCulture);

    public static string PartitionKey(long number) => number.ToString("D10", CultureInfo.InvariantCulture);

    public static string InstanceId(long number) => "incident-" + Format(number);

    public static bool TryParse(string? text, out long number) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
}

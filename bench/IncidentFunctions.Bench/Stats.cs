using System.Globalization;

namespace IncidentFunctions.Bench;

/// <summary>Percentiles by the nearest-rank method over a sample of milliseconds.</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> values)
    {
        _sorted = values.Order().ToArray();
    }

    public int Count => _sorted.Length;

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double P(double percent)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString(ms >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value, double floor) =>
        double.IsNaN(value) || double.IsNaN(floor) || floor <= 0 ? "n/a" : (value / floor).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string N(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}

using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Testing;

namespace IncidentFunctions.Domain.Tests.Alerts;

/// <summary>
/// The payloads in samples/ (README's walkthrough and ./run.sh's banner post them) are what each format's parser
/// accepts: every format has a firing and a resolved sample, and each parses to alerts of that status.
/// </summary>
public sealed class SamplePayloadTests
{
    private static string SamplesDir => Path.Combine(RepoRoot.Find(), "samples");

    public static TheoryData<string> Formats()
    {
        var data = new TheoryData<string>();
        foreach (var parser in AlertParsers.All)
        {
            data.Add(parser.Format);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_has_a_firing_and_a_resolved_sample_that_parse_to_that_status(string format)
    {
        Assert.True(AlertParsers.TryGet(format, out var parser));

        foreach (var (file, status) in new[] { ("firing.json", AlertStatus.Firing), ("resolved.json", AlertStatus.Resolved) })
        {
            var path = Path.Combine(SamplesDir, format, file);
            Assert.True(File.Exists(path), $"samples/{format}/{file} is missing");

            var result = parser.Parse(File.ReadAllBytes(path));

            Assert.True(result.IsValid, $"samples/{format}/{file}: {result.Error}");
            Assert.NotEmpty(result.Alerts);
            Assert.All(result.Alerts, a => Assert.Equal(status, a.Status));
        }
    }

    [Fact]
    public void Samples_hold_only_the_formats_the_service_accepts()
    {
        var folders = Directory.GetDirectories(SamplesDir).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(AlertParsers.All.Select(p => p.Format).Order(StringComparer.Ordinal), folders);
    }
}

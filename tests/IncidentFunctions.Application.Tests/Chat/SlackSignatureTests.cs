using System.Text;
using System.Text.Json;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Chat;

/// <summary>Slack's request signing: v0 HMAC-SHA256 over "v0:{timestamp}:{body}", five minutes either way, compared in constant time.</summary>
public sealed class SlackSignatureTests(ITestOutputHelper output)
{
    private const string Secret = "incident-test-signing-secret";
    private const string Timestamp = "1765000000";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1765000000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("command=%2Fincident&text=42+ack&user_id=U0000ALICE&channel_id=C0INC42");

    // Computed with Python's hmac module, independently of the code under test.
    private const string Expected = "v0=a1210bee391a1f23b44e79f9d2c82b570cdffb7efa3eb8ad6f2c42e811dbc344";

    [Fact]
    public void Computes_slack_s_signature() => Assert.Equal(Expected, SlackSignature.Compute(Secret, Timestamp, Body));

    [Fact]
    public void A_signed_fresh_request_is_slack_s() => Assert.Null(SlackSignature.Check(Secret, Timestamp, Expected, Body, At.AddMinutes(4)));

    [Theory]
    [InlineData(null, Expected, SlackSignatureProblem.Missing)]
    [InlineData(Timestamp, null, SlackSignatureProblem.Missing)]
    [InlineData(Timestamp, "", SlackSignatureProblem.Missing)]
    [InlineData("not-a-number", Expected, SlackSignatureProblem.Stale)]
    [InlineData("-1765000000", Expected, SlackSignatureProblem.Stale)]
    [InlineData("99999999999999999999", Expected, SlackSignatureProblem.Stale)]
    [InlineData(Timestamp, "v0=a1210bee391a1f23b44e79f9d2c82b570cdffb7efa3eb8ad6f2c42e811dbc345", SlackSignatureProblem.Wrong)]
    [InlineData(Timestamp, "V0=A1210BEE391A1F23B44E79F9D2C82B570CDFFB7EFA3EB8AD6F2C42E811DBC344", SlackSignatureProblem.Wrong)]
    [InlineData(Timestamp, "v1=a1210bee391a1f23b44e79f9d2c82b570cdffb7efa3eb8ad6f2c42e811dbc344", SlackSignatureProblem.Wrong)]
    [InlineData(Timestamp, "v0=a1210b", SlackSignatureProblem.Wrong)]
    public void Anything_else_is_refused_and_says_why(string? timestamp, string? signature, SlackSignatureProblem problem) =>
        Assert.Equal(problem, SlackSignature.Check(Secret, timestamp, signature, Body, At));

    [Fact]
    public void A_request_older_or_newer_than_five_minutes_is_stale_even_when_signed()
    {
        Assert.Equal(SlackSignatureProblem.Stale, SlackSignature.Check(Secret, Timestamp, Expected, Body, At.AddMinutes(5).AddSeconds(1)));
        Assert.Equal(SlackSignatureProblem.Stale, SlackSignature.Check(Secret, Timestamp, Expected, Body, At.AddMinutes(-5).AddSeconds(-1)));
    }

    [Fact]
    public void Another_body_or_secret_does_not_match()
    {
        Assert.Equal(SlackSignatureProblem.Wrong, SlackSignature.Check(Secret, Timestamp, Expected, [.. Body, (byte)'x'], At));
        Assert.Equal(SlackSignatureProblem.Wrong, SlackSignature.Check("another-secret", Timestamp, Expected, Body, At));
    }

    /// <summary>The vector Slack publishes (shared fixtures, read at run time when present).</summary>
    [Fact]
    public void Slack_s_published_vector_verifies_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("slack");
        var file = dir is null ? null : Path.Combine(dir, "signature-vector.json");
        if (file is null || !File.Exists(file))
        {
            output.WriteLine(SharedFixtures.AbsentMessage("slack/signature-vector.json"));
            return;
        }

        using var vector = JsonDocument.Parse(File.ReadAllText(file));
        var root = vector.RootElement;
        var (secret, timestamp) = (root.GetProperty("signing_secret").GetString()!, root.GetProperty("timestamp").GetString()!);
        var body = Encoding.UTF8.GetBytes(root.GetProperty("body").GetString()!);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(root.GetProperty("expected").GetString(), SlackSignature.Compute(secret, timestamp, body));
        Assert.Null(SlackSignature.Check(secret, timestamp, root.GetProperty("expected").GetString(), body, at));
        var suffixed = Encoding.UTF8.GetBytes(root.GetProperty("negative").GetProperty("body_with_suffix").GetString()!);
        Assert.Equal(SlackSignatureProblem.Wrong, SlackSignature.Check(secret, timestamp, root.GetProperty("expected").GetString(), suffixed, at));
    }
}

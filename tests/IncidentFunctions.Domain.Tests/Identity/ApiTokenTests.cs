using IncidentFunctions.Domain.Identity;

namespace IncidentFunctions.Domain.Tests.Identity;

/// <summary>Personal API tokens: shown once, kept as a hash, found by id, refused once expired or revoked.</summary>
public class ApiTokenTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_reads_ift_id_secret_and_its_record_does_not_hold_the_secret()
    {
        var (token, text) = ApiToken.Issue("Alice", "grafana", AccessRole.Responder, TimeSpan.FromDays(30), T0);

        Assert.Matches("^ift_[0-9a-f]{16}_[0-9a-f]{64}$", text);
        var (id, secret) = ApiToken.Parse(text)!.Value;
        Assert.Equal(token.Id, id);
        Assert.DoesNotContain(secret, Convert.ToHexStringLower(token.Hash), StringComparison.Ordinal);
        Assert.Equal((T0 + TimeSpan.FromDays(30), AccessRole.Responder, "Alice"), (token.ExpiresAt, token.Role, token.Owner));
    }

    [Fact]
    public void Two_tokens_never_share_an_id_or_a_secret()
    {
        var texts = Enumerable.Range(0, 200).Select(_ => ApiToken.Issue("Alice", "x", AccessRole.Viewer, TimeSpan.FromDays(1), T0).Text).ToList();

        Assert.Equal(texts.Count, texts.Select(t => ApiToken.Parse(t)!.Value.Id).Distinct().Count());
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public void Only_its_own_secret_checks_and_only_while_it_lives_unrevoked()
    {
        var (token, text) = ApiToken.Issue("Alice", "cli", AccessRole.Responder, TimeSpan.FromDays(1), T0);
        var secret = ApiToken.Parse(text)!.Value.Secret;
        var other = ApiToken.Parse(ApiToken.Issue("Alice", "cli", AccessRole.Responder, TimeSpan.FromDays(1), T0).Text)!.Value.Secret;

        Assert.Equal(ApiTokenCheck.Valid, token.Check(secret, T0.AddHours(23)));
        Assert.Equal(ApiTokenCheck.Wrong, token.Check(other, T0));
        Assert.Equal(ApiTokenCheck.Expired, token.Check(secret, T0.AddDays(1)));
        Assert.Equal(ApiTokenCheck.Revoked, (token with { RevokedAt = T0.AddHours(1) }).Check(secret, T0.AddHours(2)));
        // A wrong secret says nothing of the token's state, to whoever guesses.
        Assert.Equal(ApiTokenCheck.Wrong, (token with { RevokedAt = T0 }).Check(other, T0.AddDays(2)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ift_0123456789abcdef_" + "00")]
    [InlineData("ift_0123456789abcdef")]
    [InlineData("ift_0123456789ABCDEF_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ift_0123456789abcdeg_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ift_0123456789abcdef_00000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("xyz_0123456789abcdef_0000000000000000000000000000000000000000000000000000000000000000")]
    public void Anything_not_shaped_like_a_token_is_not_parsed(string? text)
    {
        Assert.Null(ApiToken.Parse(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(366)]
    public void A_lifetime_outside_one_moment_to_a_year_is_refused(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ApiToken.Issue("Alice", "x", AccessRole.Viewer, TimeSpan.FromDays(days), T0));
    }
}

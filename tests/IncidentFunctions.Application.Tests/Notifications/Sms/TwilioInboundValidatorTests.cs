using System.Text.Json;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

/// <summary>
/// The SDK-based <see cref="TwilioInboundValidator"/> against signatures from the independent
/// <see cref="TwilioSignature"/>; a corpus test checks both against Twilio's published vectors when the shared fixtures exist.
/// </summary>
public sealed class TwilioInboundValidatorTests(ITestOutputHelper output)
{
    private const string Token = "inbound-test-token";
    private const string Url = "https://incidents.example.test/api/sms/inbound";

    private static readonly TwilioInboundValidator Validator = new(Options.Create(new TwilioOptions { AuthToken = Token }));

    private static Dictionary<string, string> Form(string body = "42a") =>
        TwilioSignature.InboundSmsForm(from: "+15550100001", to: "+15550100000", body).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void Accepts_a_signature_computed_independently()
    {
        var form = Form();

        Assert.True(Validator.IsValid(Url, form, TwilioSignature.Compute(Url, form, Token)));
    }

    [Fact]
    public void Accepts_a_url_with_a_query_string_signed_as_is()
    {
        var url = Url + "?tenant=ops&x=a%20b";
        var form = Form();

        Assert.True(Validator.IsValid(url, form, TwilioSignature.Compute(url, form, Token)));
    }

    [Fact]
    public void Accepts_an_empty_form()
    {
        var empty = new Dictionary<string, string>();

        Assert.True(Validator.IsValid(Url, empty, TwilioSignature.Compute(Url, empty, Token)));
    }

    [Fact]
    public void Rejects_an_altered_parameter()
    {
        var form = Form("42a");
        var signature = TwilioSignature.Compute(Url, form, Token);
        form["Body"] = "42e";

        Assert.False(Validator.IsValid(Url, form, signature));
    }

    [Fact]
    public void Rejects_an_added_or_removed_parameter()
    {
        var form = Form();
        var signature = TwilioSignature.Compute(Url, form, Token);

        var added = new Dictionary<string, string>(form) { ["Extra"] = "1" };
        var removed = new Dictionary<string, string>(form);
        removed.Remove("FromCity");

        Assert.False(Validator.IsValid(Url, added, signature));
        Assert.False(Validator.IsValid(Url, removed, signature));
    }

    [Theory]
    [InlineData("https://incidents.example.test/api/sms/inbound2")]
    [InlineData("http://incidents.example.test/api/sms/inbound")]
    [InlineData("https://other.example.test/api/sms/inbound")]
    [InlineData("https://incidents.example.test/api/sms/inbound?x=1")]
    public void Rejects_a_different_url(string otherUrl)
    {
        var form = Form();

        Assert.False(Validator.IsValid(otherUrl, form, TwilioSignature.Compute(Url, form, Token)));
    }

    [Fact]
    public void Rejects_a_signature_made_with_another_token()
    {
        var form = Form();

        Assert.False(Validator.IsValid(Url, form, TwilioSignature.Compute(Url, form, "some-other-token")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Rejects_a_missing_or_garbage_signature(string? signature)
    {
        Assert.False(Validator.IsValid(Url, Form(), signature));
    }

    [Fact]
    public void Rejects_a_relative_or_empty_url()
    {
        var form = Form();

        Assert.False(Validator.IsValid("", form, TwilioSignature.Compute("", form, Token)));
        Assert.False(Validator.IsValid("/api/sms/inbound", form, TwilioSignature.Compute("/api/sms/inbound", form, Token)));
    }

    [Fact]
    public void Accepts_the_default_port_either_way_like_the_sdk()
    {
        var form = Form();
        var signedWithPort = TwilioSignature.Compute("https://incidents.example.test:443/api/sms/inbound", form, Token);

        Assert.True(Validator.IsValid(Url, form, signedWithPort));
    }

    [Fact]
    public void Agrees_with_the_independent_implementation_on_many_forms()
    {
        var random = new Random(1234);
        for (var i = 0; i < 200; i++)
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var j = random.Next(0, 8); j > 0; j--)
            {
                form[RandomText(random, 1, 12)] = RandomText(random, 0, 20);
            }

            var url = Url + (random.Next(2) == 0 ? "" : "?q=" + Uri.EscapeDataString(RandomText(random, 1, 6)));
            Assert.True(Validator.IsValid(url, form, TwilioSignature.Compute(url, form, Token)), $"form #{i}: {string.Join("&", form)}");
        }
    }

    [Fact]
    public void A_token_is_required()
    {
        Assert.Throws<OptionsValidationException>(() => new TwilioInboundValidator(Options.Create(new TwilioOptions())));
    }

    [Theory]
    [InlineData("https://public.example.test/api/sms/inbound", "http://10.0.0.4:7071/api/sms/inbound", "https://public.example.test/api/sms/inbound")]
    [InlineData("  https://public.example.test/api/sms/inbound ", "http://x/api/sms/inbound", "https://public.example.test/api/sms/inbound")]
    [InlineData(null, "http://localhost:5080/api/sms/inbound?a=1", "http://localhost:5080/api/sms/inbound?a=1")]
    [InlineData("", "http://localhost:5080/api/sms/inbound", "http://localhost:5080/api/sms/inbound")]
    [InlineData("   ", "http://localhost:5080/api/sms/inbound", "http://localhost:5080/api/sms/inbound")]
    public void ChooseUrl_prefers_the_configured_public_url(string? configured, string requestUrl, string expected)
    {
        Assert.Equal(expected, TwilioInboundValidator.ChooseUrl(configured, requestUrl));
    }

    /// <summary>
    /// Twilio's published signature vectors (read at run time from the shared fixtures, never copied): the independent
    /// implementation must reproduce every one, and the SDK-based validator must accept every one it can express
    /// (single-valued forms; JSON webhooks as URL-only signatures).
    /// </summary>
    [Fact]
    public void Published_vectors_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("twilio");
        var path = dir is null ? null : Path.Combine(dir, "signature-vectors.json");
        if (path is null || !File.Exists(path))
        {
            Report(SharedFixtures.AbsentMessage("twilio/signature-vectors.json"));
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var checkedVectors = 0;
        var validatorChecks = 0;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var id = v.GetProperty("id").GetString()!;
            var url = v.GetProperty("url_signed").GetString()!;
            var token = v.GetProperty("auth_token").GetString()!;
            var expected = v.GetProperty("expected").GetString()!;
            var pairs = new List<KeyValuePair<string, string>>();
            var repeated = false;
            foreach (var p in v.GetProperty("params").EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Array)
                {
                    repeated = true;
                    pairs.AddRange(p.Value.EnumerateArray().Select(x => new KeyValuePair<string, string>(p.Name, x.GetString()!)));
                }
                else
                {
                    pairs.Add(new(p.Name, p.Value.GetString()!));
                }
            }

            Assert.True(expected == TwilioSignature.Compute(url, pairs, token), $"TwilioSignature disagrees with published vector '{id}'");
            checkedVectors++;

            if (v.TryGetProperty("body", out var body))
            {
                Assert.Equal(v.GetProperty("body_sha256_hex").GetString(), TwilioSignature.BodySha256(body.GetString()!));
            }

            if (repeated)
            {
                continue; // one value per name in IsValid's dictionary; inbound SMS never repeats a name
            }

            var validator = new TwilioInboundValidator(Options.Create(new TwilioOptions { AuthToken = token }));
            var form = pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            Assert.True(validator.IsValid(url, form, expected), $"validator rejected published vector '{id}'");
            Assert.False(validator.IsValid(url, form, TwilioSignature.Compute(url, pairs, token + "x")), $"validator accepted a wrong token for '{id}'");
            validatorChecks++;

            // Signed with an explicit default port: Twilio's validators also accept the request URL without it.
            foreach (var port in new[] { ":443/", ":80/" })
            {
                if (url.Contains(port, StringComparison.Ordinal))
                {
                    Assert.True(validator.IsValid(url.Replace(port, "/", StringComparison.Ordinal), form, expected), $"'{id}' without {port.Trim('/')}");
                    validatorChecks++;
                }
            }
        }

        Assert.True(checkedVectors > 0, "the vector file had no vectors");
        Report($"checked {checkedVectors} published vectors ({validatorChecks} validator checks) from {path}");
    }

    /// <summary>The derived inbound-SMS vector: Twilio's real form body, parsed as the handler parses it.</summary>
    [Fact]
    public void Inbound_sms_capture_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("twilio");
        var vectorPath = dir is null ? null : Path.Combine(dir, "signature-vector-inbound-sms-derived.json");
        if (vectorPath is null || !File.Exists(vectorPath))
        {
            Report(SharedFixtures.AbsentMessage("twilio/signature-vector-inbound-sms-derived.json"));
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(vectorPath));
        var root = doc.RootElement;
        var raw = File.ReadAllText(Path.Combine(dir!, root.GetProperty("body_file").GetString()!)).Trim();
        var form = QueryHelpers.ParseQuery(raw).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var url = root.GetProperty("url_signed").GetString()!;
        var token = root.GetProperty("auth_token").GetString()!;
        var expected = root.GetProperty("expected").GetString()!;

        Assert.Equal(expected, TwilioSignature.Compute(url, form, token));
        var validator = new TwilioInboundValidator(Options.Create(new TwilioOptions { AuthToken = token }));
        Assert.True(validator.IsValid(url, form, expected));
        form["Body"] += "!";
        Assert.False(validator.IsValid(url, form, expected));
        Report($"validated the inbound SMS capture {root.GetProperty("body_file").GetString()} ({form.Count} fields)");
    }

    private void Report(string message)
    {
        output.WriteLine(message);
        Console.WriteLine(message);
    }

    private static string RandomText(Random random, int min, int max)
    {
        const string alphabet = "abcXYZ019 +-_.&=?é✓";
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}

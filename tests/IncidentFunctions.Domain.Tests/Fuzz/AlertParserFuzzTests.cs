using CsCheck;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Sms;
using IncidentFunctions.Testing.Fuzz;

namespace IncidentFunctions.Domain.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of every ingest parser with CsCheck: mutated valid bodies (ours and the shared fixtures) and
/// junk. Whatever arrives, a parser answers (never throws) with either alerts that the rest of the pipeline can store
/// and text (required fields present, valid UTF-16) or an error naming a field. Cheap, so it runs many cases.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class AlertParserFuzzTests
{
    public static TheoryData<string> Formats() => new(AlertParsers.All.Select(p => p.Format));

    [Theory]
    [MemberData(nameof(Formats))]
    public void Any_body_gets_alerts_or_an_error_naming_a_field_and_never_an_exception(string format)
    {
        Assert.True(AlertParsers.TryGet(format, out var parser));
        var valid = ValidBodies.For(format);

        // Our own seed bodies are valid to begin with, or the mutations would prove little (some shared fixtures are
        // templates with unrendered placeholders, refused on purpose; they are still worth mutating).
        foreach (var body in ValidBodies.Written(format))
        {
            Assert.True(parser.Parse(System.Text.Encoding.UTF8.GetBytes(body)).IsValid, $"{format} seed body is refused: {body}");
        }

        // Opsgenie's webhook answers its other actions (notes, tags, owners) with no alerts: nothing to do is no error.
        var mayBeEmpty = parser is OpsgenieWebhookParser;
        JsonFuzz.Bodies(valid).Sample(body => AssertWellFormed(parser.Parse(body), mayBeEmpty),
            seed: FuzzScale.Seed, iter: FuzzScale.Iterations(3_000, 200_000), threads: 1, print: JsonFuzz.Show);
    }

    [Fact]
    public void Sms_replies_of_any_text_parse_to_a_defined_kind_without_throwing()
    {
        var codes = Gen.OneOf(Gen.Const("a"), Gen.Const("e"), Gen.Const("r"), Gen.Const("n "), Gen.Const("u "), Gen.Const("ack"), Gen.Const("?"), Gen.Const("STOP"));
        var number = Gen.OneOf(Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("99999999999999999999999"), Gen.Const(""), Gen.Const("-1"), Gen.Const("0"));
        var text = Gen.OneOf(Gen.String, Gen.Const("</Message><Redirect>x</Redirect>"), Gen.Const("\ud800"), Gen.Const(new string('x', 10_000)));
        var reply = Gen.Select(number, codes, text, Gen.Int[0, 2]).Select((n, c, t, shape) => shape switch
        {
            0 => n + c + t,
            1 => " " + n + " " + c.ToUpperInvariant() + "…",
            _ => t,
        });

        reply.Sample(body =>
        {
            var parsed = SmsReplyParser.Parse(body);
            Assert.True(Enum.IsDefined(parsed.Kind), parsed.ToString());
            Assert.False(parsed.IncidentNumber is < 0, $"negative incident number from '{body}'");
            if (parsed.Kind is SmsReplyKind.Note or SmsReplyKind.Update)
            {
                Assert.False(string.IsNullOrWhiteSpace(parsed.Text), $"empty {parsed.Kind} text from '{body}'");
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(5_000, 500_000), threads: 1);
    }

    private static void AssertWellFormed(AlertParseResult result, bool mayBeEmpty = false)
    {
        if (result.Error is { } error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Field), "an error names no field");
            Assert.False(string.IsNullOrWhiteSpace(error.Problem), "an error says nothing");
            Assert.Empty(result.Alerts);
            return;
        }

        if (!mayBeEmpty)
        {
            Assert.NotEmpty(result.Alerts);
        }

        foreach (var alert in result.Alerts)
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.Title), "an accepted alert has no title");
            Assert.False(string.IsNullOrEmpty(alert.DedupKey), "an accepted alert has no dedup key");
            Assert.True(Enum.IsDefined(alert.Severity) && Enum.IsDefined(alert.Status));
            foreach (var text in Texts(alert))
            {
                // Stored in Azure Tables and texted: a lone surrogate there cannot be encoded.
                Assert.True(IsValidUtf16(text), $"accepted text is not valid UTF-16: {text}");
            }

            Assert.All(alert.Links, l => Assert.True(Uri.TryCreate(l.Href, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https"), l.Href));
        }
    }

    private static IEnumerable<string> Texts(NormalizedAlert a) =>
        new[] { a.Title, a.DedupKey, a.Description, a.Source, a.SourceSeverity }.OfType<string>()
            .Concat(a.Labels.SelectMany(l => new[] { l.Key, l.Value }))
            .Concat(a.Links.SelectMany(l => new[] { l.Href, l.Text }.OfType<string>()));

    private static bool IsValidUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}

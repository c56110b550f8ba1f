using IncidentFunctions.Domain.Sms;

namespace IncidentFunctions.Domain.Tests.Sms;

public class SmsReplyParserTests
{
    [Theory]
    // acknowledge
    [InlineData("42a", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42A", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42 a", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42ack", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42 ACK", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("  42a  ", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42a.", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("42a!!", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("\t42a\r\n", SmsReplyKind.Acknowledge, 42L, null)]
    [InlineData("a", SmsReplyKind.Acknowledge, null, null)]
    [InlineData("A", SmsReplyKind.Acknowledge, null, null)]
    [InlineData("ack", SmsReplyKind.Acknowledge, null, null)]
    [InlineData("Ack!", SmsReplyKind.Acknowledge, null, null)]
    [InlineData("007a", SmsReplyKind.Acknowledge, 7L, null)]
    [InlineData("9223372036854775807a", SmsReplyKind.Acknowledge, long.MaxValue, null)]
    // escalate
    [InlineData("42e", SmsReplyKind.Escalate, 42L, null)]
    [InlineData("42 E", SmsReplyKind.Escalate, 42L, null)]
    [InlineData("42esc", SmsReplyKind.Escalate, 42L, null)]
    [InlineData("e", SmsReplyKind.Escalate, null, null)]
    [InlineData("esc", SmsReplyKind.Escalate, null, null)]
    [InlineData("ESC.", SmsReplyKind.Escalate, null, null)]
    // resolve
    [InlineData("42r", SmsReplyKind.Resolve, 42L, null)]
    [InlineData("42 R", SmsReplyKind.Resolve, 42L, null)]
    [InlineData("r", SmsReplyKind.Resolve, null, null)]
    [InlineData("R?", SmsReplyKind.Resolve, null, null)]
    // note and update keep their own text, punctuation included
    [InlineData("42n restarted the pods", SmsReplyKind.Note, 42L, "restarted the pods")]
    [InlineData("42 N  restarted the pods.", SmsReplyKind.Note, 42L, "restarted the pods.")]
    [InlineData("n looking now!", SmsReplyKind.Note, null, "looking now!")]
    [InlineData("42u ETA 10 min", SmsReplyKind.Update, 42L, "ETA 10 min")]
    [InlineData("U rollback in progress\nwill confirm", SmsReplyKind.Update, null, "rollback in progress\nwill confirm")]
    [InlineData("  42u   spaces around   ", SmsReplyKind.Update, 42L, "spaces around")]
    // carrier keywords: Twilio's business, never ours
    [InlineData("STOP", SmsReplyKind.CarrierKeyword, null, "STOP")]
    [InlineData("stop", SmsReplyKind.CarrierKeyword, null, "STOP")]
    [InlineData(" Stop. ", SmsReplyKind.CarrierKeyword, null, "STOP")]
    [InlineData("yes", SmsReplyKind.CarrierKeyword, null, "YES")]
    [InlineData("help", SmsReplyKind.CarrierKeyword, null, "HELP")]
    [InlineData("END", SmsReplyKind.CarrierKeyword, null, "END")]
    // a pager test's answer: "ok" alone, any case, trailing punctuation ignored
    [InlineData("ok", SmsReplyKind.ConfirmTest, null, null)]
    [InlineData("OK", SmsReplyKind.ConfirmTest, null, null)]
    [InlineData(" Ok! ", SmsReplyKind.ConfirmTest, null, null)]
    [InlineData("ok.", SmsReplyKind.ConfirmTest, null, null)]
    [InlineData("42ok", SmsReplyKind.Unknown, null, "42ok")]
    [InlineData("ok thanks", SmsReplyKind.Unknown, null, "ok thanks")]
    [InlineData("okay", SmsReplyKind.Unknown, null, "okay")]
    [InlineData("o k", SmsReplyKind.Unknown, null, "o k")]
    // help
    [InlineData("?", SmsReplyKind.Help, null, null)]
    [InlineData(" ?? ", SmsReplyKind.Help, null, null)]
    // unknown
    [InlineData("", SmsReplyKind.Unknown, null, null)]
    [InlineData("   ", SmsReplyKind.Unknown, null, null)]
    [InlineData("...", SmsReplyKind.Unknown, null, "...")]
    [InlineData("42", SmsReplyKind.Unknown, null, "42")]
    [InlineData("42n", SmsReplyKind.Unknown, null, "42n")]
    [InlineData("42n   ", SmsReplyKind.Unknown, null, "42n")]
    [InlineData("n", SmsReplyKind.Unknown, null, "n")]
    [InlineData("u", SmsReplyKind.Unknown, null, "u")]
    [InlineData("no", SmsReplyKind.Unknown, null, "no")]
    [InlineData("nothing to see", SmsReplyKind.Unknown, null, "nothing to see")]
    [InlineData("42x", SmsReplyKind.Unknown, null, "42x")]
    [InlineData("a42", SmsReplyKind.Unknown, null, "a42")]
    [InlineData("42aa", SmsReplyKind.Unknown, null, "42aa")]
    [InlineData("42a please", SmsReplyKind.Unknown, null, "42a please")]
    [InlineData("0a", SmsReplyKind.Unknown, null, "0a")]
    [InlineData("-42a", SmsReplyKind.Unknown, null, "-42a")]
    [InlineData("99999999999999999999a", SmsReplyKind.Unknown, null, "99999999999999999999a")]
    [InlineData("stop paging me", SmsReplyKind.Unknown, null, "stop paging me")]
    [InlineData("acknowledge", SmsReplyKind.Unknown, null, "acknowledge")]
    [InlineData("٤٢a", SmsReplyKind.Unknown, null, "٤٢a")]
    public void A_reply_parses_by_the_grammar(string body, SmsReplyKind kind, long? number, string? text)
    {
        Assert.Equal(new SmsReply(kind, number, text), SmsReplyParser.Parse(body));
    }

    [Fact]
    public void A_null_body_is_unknown()
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Unknown, null, null), SmsReplyParser.Parse(null));
    }

    public static TheoryData<string> CarrierKeywords => new(SmsReplyCodes.CarrierKeywords);

    [Theory]
    [MemberData(nameof(CarrierKeywords))]
    public void Every_carrier_keyword_in_any_case_is_left_to_the_carrier(string keyword)
    {
        foreach (var body in new[] { keyword, keyword.ToLowerInvariant(), $" {keyword}! " })
        {
            var reply = SmsReplyParser.Parse(body);

            Assert.Equal(SmsReplyKind.CarrierKeyword, reply.Kind);
            Assert.Equal(keyword, reply.Text);
        }
    }
}

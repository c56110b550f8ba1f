using System.Text.RegularExpressions;
using IncidentFunctions.Domain.Sms;

namespace IncidentFunctions.Domain.Tests.Sms;

public class SmsReplyCodesTests
{
    [Fact]
    public void The_page_footer_offers_the_lead_and_escalation_codes()
    {
        Assert.Equal("Reply 42a to take the lead, 42e to escalate", SmsReplyCodes.Footer(42));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(1234567L)]
    public void Every_code_in_the_footer_parses_to_the_command_it_offers(long number)
    {
        var codes = Regex.Matches(SmsReplyCodes.Footer(number), @"\b[0-9]+[a-z]+\b").Select(m => m.Value).ToList();

        Assert.Equal(
            [new SmsReply(SmsReplyKind.Acknowledge, number, null), new SmsReply(SmsReplyKind.Escalate, number, null)],
            codes.Select(SmsReplyParser.Parse));
    }

    [Fact]
    public void Every_code_in_the_help_text_parses_to_its_command()
    {
        var codes = Regex.Matches(SmsReplyCodes.Help(42), @"\b[0-9]+[a-z]+\b").Select(m => m.Value).ToList();

        Assert.Equal(
            [SmsReplyKind.Acknowledge, SmsReplyKind.Escalate, SmsReplyKind.Resolve, SmsReplyKind.Note, SmsReplyKind.Update],
            codes.Select(code => SmsReplyParser.Parse(code) is { Kind: not SmsReplyKind.Unknown } action
                ? action.Kind
                : SmsReplyParser.Parse(code + " some text").Kind)); // notes and updates need their text
    }

    [Fact]
    public void Each_code_builder_writes_a_code_the_parser_reads_back()
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Acknowledge, 7, null), SmsReplyParser.Parse(SmsReplyCodes.Acknowledge(7)));
        Assert.Equal(new SmsReply(SmsReplyKind.Escalate, 7, null), SmsReplyParser.Parse(SmsReplyCodes.Escalate(7)));
        Assert.Equal(new SmsReply(SmsReplyKind.Resolve, 7, null), SmsReplyParser.Parse(SmsReplyCodes.Resolve(7)));
        Assert.Equal(new SmsReply(SmsReplyKind.Note, 7, "db ok"), SmsReplyParser.Parse(SmsReplyCodes.Note(7) + " db ok"));
        Assert.Equal(new SmsReply(SmsReplyKind.Update, 7, "db ok"), SmsReplyParser.Parse(SmsReplyCodes.Update(7) + " db ok"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Codes_refuse_incident_numbers_below_one(long number)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsReplyCodes.Footer(number));
    }
}

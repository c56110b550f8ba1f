using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Sms;

/// <summary>
/// Reads a responder's SMS reply. Case-insensitive; surrounding whitespace and trailing punctuation are ignored
/// ("42A.", " ack! "), but a note or update keeps its own text as written (only trimmed).
/// <list type="bullet">
/// <item>"42a", "42 a", "42ack", "a", "ack" → <see cref="SmsReplyKind.Acknowledge"/></item>
/// <item>"42e", "42esc", "e", "esc" → <see cref="SmsReplyKind.Escalate"/>; "42r", "r" → <see cref="SmsReplyKind.Resolve"/></item>
/// <item>"42n text", "n text" → <see cref="SmsReplyKind.Note"/>; "42u text", "u text" → <see cref="SmsReplyKind.Update"/> (text required, after a space)</item>
/// <item>"ok" (alone, any case) → <see cref="SmsReplyKind.ConfirmTest"/></item>
/// <item>STOP, START, HELP… exactly → <see cref="SmsReplyKind.CarrierKeyword"/>; "?" → <see cref="SmsReplyKind.Help"/></item>
/// <item>anything else, including incident number 0 → <see cref="SmsReplyKind.Unknown"/></item>
/// </list>
/// </summary>
public static partial class SmsReplyParser
{
    private static readonly char[] TrailingPunctuation = ['.', ',', '!', '?', ';', ':', '…'];

    public static SmsReply Parse(string? body)
    {
        var trimmed = (body ?? "").Trim();
        if (trimmed.Length > 0 && trimmed.All(c => c == '?'))
        {
            return new SmsReply(SmsReplyKind.Help, null, null);
        }

        var bare = trimmed.TrimEnd(TrailingPunctuation).TrimEnd();
        if (bare.Length == 0)
        {
            return Unknown(trimmed);
        }

        var keyword = SmsReplyCodes.CarrierKeywords.FirstOrDefault(k => string.Equals(k, bare, StringComparison.OrdinalIgnoreCase));
        if (keyword is not null)
        {
            return new SmsReply(SmsReplyKind.CarrierKeyword, null, keyword);
        }

        if (string.Equals(bare, SmsReplyCodes.ConfirmTestWord, StringComparison.OrdinalIgnoreCase))
        {
            return new SmsReply(SmsReplyKind.ConfirmTest, null, null);
        }

        var action = Action().Match(bare);
        if (action.Success)
        {
            if (!TryNumber(action.Groups["number"], out var number))
            {
                return Unknown(trimmed);
            }

            var code = action.Groups["code"].Value.ToLowerInvariant();
            var kind = code switch
            {
                SmsReplyCodes.AcknowledgeLetter or SmsReplyCodes.AcknowledgeWord => SmsReplyKind.Acknowledge,
                SmsReplyCodes.EscalateLetter or SmsReplyCodes.EscalateWord => SmsReplyKind.Escalate,
                _ => SmsReplyKind.Resolve,
            };
            return new SmsReply(kind, number, null);
        }

        var message = Message().Match(trimmed);
        if (message.Success && TryNumber(message.Groups["number"], out var messageNumber))
        {
            var text = message.Groups["text"].Value.Trim();
            var kind = string.Equals(message.Groups["code"].Value, SmsReplyCodes.NoteLetter, StringComparison.OrdinalIgnoreCase)
                ? SmsReplyKind.Note
                : SmsReplyKind.Update;
            return new SmsReply(kind, messageNumber, text);
        }

        return Unknown(trimmed);
    }

    private static SmsReply Unknown(string trimmed) => new(SmsReplyKind.Unknown, null, trimmed.Length == 0 ? null : trimmed);

    /// <summary>An absent number is fine (null); a present one must be a positive long.</summary>
    private static bool TryNumber(Group group, out long? number)
    {
        number = null;
        if (!group.Success)
        {
            return true;
        }

        if (long.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            number = value;
            return true;
        }

        return false;
    }

    // The code alternatives come from SmsReplyCodes (longer words first so "ack" is not read as "a" + "ck").
    [GeneratedRegex("^(?<number>[0-9]+)?[ \t]*(?<code>" + SmsReplyCodes.AcknowledgeWord + "|" + SmsReplyCodes.EscalateWord + "|"
        + SmsReplyCodes.AcknowledgeLetter + "|" + SmsReplyCodes.EscalateLetter + "|" + SmsReplyCodes.ResolveLetter + ")$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Action();

    [GeneratedRegex("^(?<number>[0-9]+)?[ \t]*(?<code>" + SmsReplyCodes.NoteLetter + "|" + SmsReplyCodes.UpdateLetter + @")\s+(?<text>\S.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Message();
}

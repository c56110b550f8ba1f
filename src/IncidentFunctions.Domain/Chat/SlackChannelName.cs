using System.Globalization;
using System.Text;

namespace IncidentFunctions.Domain.Chat;

/// <summary>
/// An incident channel's name, as Slack accepts it: lower case, letters, digits, '-' and '_', at most 80 characters,
/// from a pattern such as "inc-{number}-{service}-{title}". The number comes first and is never cut, so names stay
/// unique; a name Slack says is taken gets a suffix (<see cref="WithSuffix"/>).
/// </summary>
public static class SlackChannelName
{
    public const int MaxLength = 80;

    public const string DefaultPattern = "inc-{number}-{service}-{title}";

    /// <summary>Whether <paramref name="pattern"/> can name channels: it must hold {number}, and only the known placeholders.</summary>
    public static string? Problem(string pattern)
    {
        if (!pattern.Contains("{number}", StringComparison.Ordinal))
        {
            return "must contain {number}, which keeps every incident's channel name unique";
        }

        var rest = pattern.Replace("{number}", "", StringComparison.Ordinal).Replace("{service}", "", StringComparison.Ordinal)
            .Replace("{title}", "", StringComparison.Ordinal).Replace("{severity}", "", StringComparison.Ordinal);
        return rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal)
            ? "knows only the placeholders {number}, {service}, {title} and {severity}"
            : null;
    }

    public static string For(string pattern, long number, string service, string title, string severity)
    {
        var numberText = number.ToString(CultureInfo.InvariantCulture);
        var head = pattern[..pattern.IndexOf("{number}", StringComparison.Ordinal)];
        var tail = pattern[(head.Length + "{number}".Length)..];
        string Fill(string part) => part.Replace("{service}", service, StringComparison.Ordinal).Replace("{title}", title, StringComparison.Ordinal)
            .Replace("{severity}", severity, StringComparison.Ordinal);

        var prefix = Clean(Fill(head) + numberText);
        if (prefix.Length > MaxLength)
        {
            // Words before the number that fill the name on their own: they give way, the number stays.
            return Clean(Fill(head))[..(MaxLength - numberText.Length - 1)].TrimEnd('-', '_') + "-" + numberText;
        }

        var name = Clean(Fill(head) + numberText + Fill(tail));
        if (name.Length <= MaxLength)
        {
            return name;
        }

        // Cut the words after the number, never the number; end on a whole word where one fits.
        var cut = name[..MaxLength];
        var lastDash = cut.LastIndexOf('-');
        return (lastDash > prefix.Length ? cut[..lastDash] : cut).TrimEnd('-', '_');
    }

    /// <summary>The name with "-2", "-3"… for a name Slack says is taken, still within the limit.</summary>
    public static string WithSuffix(string name, int attempt)
    {
        var suffix = "-" + attempt.ToString(CultureInfo.InvariantCulture);
        return (name.Length + suffix.Length <= MaxLength ? name : name[..(MaxLength - suffix.Length)].TrimEnd('-', '_')) + suffix;
    }

    /// <summary>Lower case; anything but letters, digits, '-' and '_' becomes one '-'; no dashes at either end.</summary>
    private static string Clean(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant().Normalize(NormalizationForm.FormKD))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')
            {
                result.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // An accent split off its letter: "é" → "e".
            }
            else if (result.Length > 0 && result[^1] != '-')
            {
                result.Append('-');
            }
        }

        return result.ToString().Trim('-');
    }
}

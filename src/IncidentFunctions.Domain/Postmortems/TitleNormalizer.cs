using System.Text;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>
/// Reduces an alert or incident title to its shape, so that "Instance localhost:8081 down" and
/// "Instance localhost:8082 down" compare equal: lower case, variable parts replaced by placeholders
/// (&lt;uuid&gt;, &lt;ip&gt;, &lt;port&gt;, &lt;hex&gt;, &lt;n&gt;), whitespace collapsed, punctuation trimmed from both ends.
/// Normalising a normalised title changes nothing.
/// </summary>
public static partial class TitleNormalizer
{
    // Placeholders are built from private-use characters while the title is processed, so that trimming
    // punctuation cannot eat their angle brackets, and turned into "<…>" at the end.
    private const char Open = '\uE000';
    private const char Close = '\uE001';

    public static string Normalize(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var text = title.ToLowerInvariant();
        text = Placeholder().Replace(text, m => Mark(m.Groups["name"].Value));
        text = Uuid().Replace(text, Mark("uuid"));
        text = IPv4().Replace(text, Mark("ip"));
        text = IPv6().Replace(text, Mark("ip"));
        text = Port().Replace(text, ":" + Mark("port"));
        text = HexPrefixed().Replace(text, Mark("hex"));
        text = HexId().Replace(text, Mark("hex"));
        text = Number().Replace(text, Mark("n"));
        text = Whitespace().Replace(text, " ");
        text = TrimPunctuation(text);
        return text.Replace(Open, '<').Replace(Close, '>');
    }

    private static string Mark(string name) => Open + name + Close;

    private static string TrimPunctuation(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsTrimmed(text[start]))
        {
            start++;
        }

        while (end > start && IsTrimmed(text[end - 1]))
        {
            end--;
        }

        return text[start..end];

        static bool IsTrimmed(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c);
    }

    /// <summary>A placeholder already in the text (normalising twice), kept as a placeholder.</summary>
    [GeneratedRegex(@"<(?<name>uuid|ip|port|hex|n)>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    /// <summary>An IPv4 address, with its port if any.</summary>
    [GeneratedRegex(@"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?!\w|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    /// <summary>An IPv6 address in full form (eight groups) or compressed ("fe80::1", "::1"); not "std::vector".</summary>
    [GeneratedRegex(@"(?<![\w:])(?=[0-9a-f:]*[0-9a-f])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4})(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6();

    /// <summary>
    /// The port of host:port ("localhost:8081", "db-1.internal:5432", "web01:80", "[::1]:443"): after localhost or a host
    /// name with a dot, hyphen or digit, so that "[firing:2]" is left to the number rule.
    /// </summary>
    [GeneratedRegex(@"(?<=(?:\blocalhost|\b[a-z0-9-]*[.\-0-9][a-z0-9.-]*|\]))\:\d{1,5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Port();

    [GeneratedRegex(@"\b0x[0-9a-f]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexPrefixed();

    /// <summary>Hex ids (commit SHAs, container and trace ids): 6+ hex characters with at least one digit and one letter.</summary>
    [GeneratedRegex(@"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{6,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexId();

    /// <summary>Any other number, decimals included ("95.5%").</summary>
    [GeneratedRegex(@"\d+(?:[.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

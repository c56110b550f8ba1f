using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Notifications;

/// <summary>
/// What a call says. Written for the ear: "severity 2" not "SEV2", "incident 42" not "INC 42", a title without its URLs
/// and punctuation runs, cut at a word before it drones on. The keys are PagerDuty's and GoAlert's: 4 takes the lead.
/// </summary>
public static partial class VoiceScript
{
    /// <summary>Longest title read out; a longer one is cut at a word and says so ("…and more").</summary>
    public const int MaxSpokenTitle = 140;

    /// <summary>How many times the message is read before the call hangs up: once, then repeated twice.</summary>
    public const int Rounds = 3;

    /// <summary>The page: what, where, the repeat note, then the keys.</summary>
    /// <param name="waiting">Other incidents waiting for this person (calls the flood limit held back), said first.</param>
    /// <param name="waitingServices">The services of all of them, this one's included.</param>
    public static string Page(long number, string severity, string service, string title, string? repeatNote, int waiting = 0, IReadOnlyList<string>? waitingServices = null)
    {
        var text = new StringBuilder("Incident alert. ");
        if (waiting > 0)
        {
            var services = (waitingServices ?? [service]).Distinct(StringComparer.OrdinalIgnoreCase).Select(s => Speakable(s, 60)).ToList();
            var on = services.Count <= 3 ? string.Join(" and ", services) : $"{services.Count} services";
            text.Append(CultureInfo.InvariantCulture, $"{waiting + 1} incidents are waiting for you, on {on}. Pressing 4 acknowledges them all. The newest: ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{SpokenSeverity(severity)} incident {number}, on {Speakable(service, 60)}: {SpokenTitle(title)}. ");
        if (!string.IsNullOrWhiteSpace(repeatNote))
        {
            text.Append(Speakable(repeatNote, MaxSpokenTitle)).Append(". ");
        }

        text.Append(Keys(number));
        return text.ToString();
    }

    public static string Keys(long number) =>
        $"Press 4 to acknowledge incident {number} and take the lead. Press 5 to escalate to the next tier. Press 6 to resolve.";

    /// <summary>Left on an answering machine: enough to act on without calling back.</summary>
    public static string Voicemail(long number, string severity, string service) =>
        $"This is an incident alert for {SpokenSeverity(severity)} incident {number} on {Speakable(service, 60)}. " +
        $"To acknowledge, reply {number}a to the text message, or open the incident console. Goodbye.";

    /// <summary>The key that confirms a pager test call. Not one of a page's keys, so a test can never act on an incident.</summary>
    public const string ConfirmTestKey = "1";

    /// <summary>A pager test call: says it is a test, whom it is for, and how to confirm.</summary>
    public static string PagerTest(string responder) =>
        $"This is a pager test for {Speakable(responder, 60)}, not an incident. Press {ConfirmTestKey} to confirm that this number reaches you.";

    /// <summary>Left on an answering machine: the test needs a person, so it says how else to confirm.</summary>
    public static string PagerTestVoicemail(string responder) =>
        $"This is a pager test for {Speakable(responder, 60)}, not an incident. The call reached voicemail, so it is not confirmed. " +
        "Send another test from the incident console and answer it. Goodbye.";

    public const string PagerTestConfirmed = "Confirmed: this number reaches you. Thank you. Goodbye.";

    public static string PagerTestNotConfirmed(string why) => Sentence(why) + " Goodbye.";

    public static string ConfirmResolve(long number) => $"Press 6 again to resolve incident {number}. Any other key cancels.";

    public const string UnknownKey = "That key does nothing.";

    public const string Goodbye = "Goodbye.";

    /// <summary>A command's answer ("INC 42 acknowledged — you are the lead.") as it is said.</summary>
    public static string Spoken(string text)
    {
        var said = Speakable(IncidentWord().Replace(text, "incident $1"), 300);
        return said.Length == 0 ? said : char.ToUpperInvariant(said[0]) + said[1..];
    }

    /// <summary><paramref name="text"/> ending as a sentence, so the voice pauses before what follows.</summary>
    public static string Sentence(string text) => text.Length == 0 || text[^1] is '.' or '!' or '?' ? text : text + ".";

    /// <summary>What a key does on a page call; null for any other key.</summary>
    public static VoiceKey? KeyOf(string? digits) => digits?.Trim() switch
    {
        "4" => VoiceKey.Acknowledge,
        "5" => VoiceKey.Escalate,
        "6" => VoiceKey.Resolve,
        _ => null,
    };

    public static string SpokenSeverity(string severity) =>
        SeverityCode().Match(severity) is { Success: true } m ? "severity " + m.Groups[1].Value : Speakable(severity, 20);

    public static string SpokenTitle(string title) => Speakable(title, MaxSpokenTitle);

    /// <summary>
    /// <paramref name="text"/> without what a speech engine reads badly or at length: URLs go, runs of symbols become a
    /// space, and beyond <paramref name="max"/> characters it is cut at a word.
    /// </summary>
    public static string Speakable(string text, int max)
    {
        var plain = Url().Replace(text ?? "", " ");
        plain = Symbols().Replace(plain, " ");
        plain = Spaces().Replace(plain, " ").Trim();
        if (plain.Length <= max)
        {
            return plain;
        }

        var cut = plain.LastIndexOf(' ', max);
        return (cut > max / 2 ? plain[..cut] : plain[..max]).TrimEnd(',', '.', ';', ':') + ", and more";
    }

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    // Keeps letters, digits, spaces and the punctuation a voice pauses on; the rest (_ / | { } [ ] < > = * # ~ ` ^ \) goes.
    [GeneratedRegex(@"[^\p{L}\p{N}\s.,;:!?'%&()+-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Symbols();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^SEV(\d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeverityCode();

    [GeneratedRegex(@"\bINC (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentWord();
}

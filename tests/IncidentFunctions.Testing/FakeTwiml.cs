using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace IncidentFunctions.Testing;

/// <summary>A TwiML voice verb as the fake understands it.</summary>
public abstract record TwimlVerb;

/// <summary>&lt;Say&gt;: <see cref="Text"/> with its whitespace collapsed (SSML inside is read as its text); <see cref="Loop"/> 0 means forever.</summary>
public sealed record TwimlSay(string Text, int Loop) : TwimlVerb;

public sealed record TwimlPause(int Length) : TwimlVerb;

public sealed record TwimlPlay(string Url) : TwimlVerb;

/// <summary>
/// &lt;Gather&gt; with Twilio's defaults: action = the current document (null here), method POST, timeout 5 s,
/// finishOnKey "#", input "dtmf". <see cref="AcceptsDigits"/> is false for input="speech" alone.
/// </summary>
public sealed record TwimlGather(
    string? Action,
    string Method,
    int? NumDigits,
    int Timeout,
    string FinishOnKey,
    bool ActionOnEmptyResult,
    bool AcceptsDigits,
    IReadOnlyList<TwimlVerb> Nested) : TwimlVerb;

public sealed record TwimlRedirect(string Url, string Method) : TwimlVerb;

public sealed record TwimlHangup : TwimlVerb;

public sealed record TwimlReject(string Reason) : TwimlVerb;

/// <summary>A verb the fake does not play (Dial, Record, Enqueue...): skipped, and noted on the call.</summary>
public sealed record TwimlOther(string Name) : TwimlVerb;

/// <summary>
/// The little TwiML the fake plays: a &lt;Response&gt; of Say, Pause, Play, Gather (with nested Say/Play/Pause),
/// Redirect, Hangup and Reject. Element and attribute names are case-sensitive, as in Twilio.
/// </summary>
public static partial class FakeTwiml
{
    /// <summary>
    /// The verbs of <paramref name="xml"/>, in order. Throws <see cref="FormatException"/> when it is not well-formed XML,
    /// its root is not &lt;Response&gt;, or an attribute has a value Twilio would not accept (Twilio's 12100/12200).
    /// </summary>
    public static IReadOnlyList<TwimlVerb> Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"Document parse failure: {e.Message}", e);
        }

        if (document.Root is not { Name.LocalName: "Response" } root || root.Name.Namespace != XNamespace.None)
        {
            throw new FormatException($"The root element is <{document.Root?.Name}>, not <Response>.");
        }

        return root.Elements().Select(e => Verb(e, nested: false)).ToArray();
    }

    private static TwimlVerb Verb(XElement e, bool nested) => e.Name.LocalName switch
    {
        "Say" => new TwimlSay(Text(e), Int(e, "loop", 1, min: 0)),
        "Pause" => new TwimlPause(Int(e, "length", 1, min: 1)),
        "Play" => new TwimlPlay(e.Value.Trim()),
        "Gather" when !nested => Gather(e),
        "Redirect" when !nested => new TwimlRedirect(
            e.Value.Trim() is { Length: > 0 } url ? url : throw new FormatException("<Redirect> has no URL."), Method(e)),
        "Hangup" when !nested => new TwimlHangup(),
        "Reject" when !nested => new TwimlReject((string?)e.Attribute("reason") ?? "rejected"),
        var other => new TwimlOther(nested ? "Gather/" + other : other),
    };

    private static TwimlGather Gather(XElement e)
    {
        var input = (string?)e.Attribute("input") ?? "dtmf";
        return new TwimlGather(
            (string?)e.Attribute("action") is { Length: > 0 } action ? action : null,
            Method(e),
            e.Attribute("numDigits") is null ? null : Int(e, "numDigits", 1, min: 1),
            Int(e, "timeout", 5, min: 0),
            (string?)e.Attribute("finishOnKey") ?? "#",
            string.Equals((string?)e.Attribute("actionOnEmptyResult"), "true", StringComparison.OrdinalIgnoreCase),
            input.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("dtmf", StringComparer.OrdinalIgnoreCase),
            e.Elements().Select(child => Verb(child, nested: true)).ToArray());
    }

    private static string Method(XElement e)
    {
        var method = ((string?)e.Attribute("method") ?? "POST").ToUpperInvariant();
        return method is "GET" or "POST" ? method : throw new FormatException($"<{e.Name}> method=\"{method}\" is not GET or POST.");
    }

    private static int Int(XElement e, string attribute, int fallback, int min)
    {
        var text = (string?)e.Attribute(attribute);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new FormatException($"<{e.Name}> {attribute}=\"{text}\" is not a whole number of at least {min}.");
    }

    // Twilio reads the text as written: line breaks and indentation in the document are not part of what is said.
    private static string Text(XElement e) => Whitespace().Replace(e.Value, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>HTML that is already safe to write as is: produced by <see cref="Html.Of"/> or written by us.</summary>
public readonly record struct Markup(string? Value)
{
    public static readonly Markup Empty = new("");

    public override string ToString() => Value ?? "";
}

/// <summary>
/// Builds pages from interpolated strings in which every hole is HTML-encoded unless it is <see cref="Markup"/>.
/// Titles, notes and summaries come from alerts and people, so escaping is the default rather than something to remember.
/// </summary>
public static class Html
{
    // Every range kept readable ("—", "é"); the characters that matter in HTML and attributes (&lt; &amp; " ') are still encoded.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static Markup Of(ref HtmlInterpolation html) => html.ToMarkup();

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Markup When(bool condition, Markup markup) => condition ? markup : Markup.Empty;

    /// <summary>A UTC instant that the console's script rewrites to the viewer's time zone, keeping UTC in the hover title.</summary>
    public static Markup Time(DateTimeOffset? at, string? @class = null) => at is { } t
        ? Of($"<time datetime=\"{t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"{(@class is null ? Markup.Empty : Of($" class=\"{@class}\""))}>{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>")
        : new Markup("—");

    /// <summary>A link only when the address is http(s): configuration and alerts must not smuggle in javascript: URLs.</summary>
    public static Markup ExternalLink(string? url, string? text = null) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? Of($"<a href=\"{uri.AbsoluteUri}\" rel=\"noopener noreferrer\" target=\"_blank\">{text ?? url}</a>")
            : Of($"{text ?? url}");

    /// <summary>"42s", "7m", "3h 5m", "2d 4h": how long ago at a glance.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds}s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : $"{(int)span.TotalDays}d {span.Hours}h";
    }
}

[InterpolatedStringHandler]
public ref struct HtmlInterpolation
{
    private readonly StringBuilder _builder;

    public HtmlInterpolation(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => _builder.Append(Html.Encoder.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        switch (value)
        {
            case Markup markup:
                _builder.Append(markup.Value);
                break;
            case IEnumerable<Markup> parts:
                foreach (var part in parts)
                {
                    _builder.Append(part.Value);
                }

                break;
            case IFormattable formattable:
                _builder.Append(Html.Encoder.Encode(formattable.ToString(format, CultureInfo.InvariantCulture)));
                break;
            default:
                _builder.Append(Html.Encoder.Encode(value?.ToString() ?? ""));
                break;
        }
    }

    public readonly Markup ToMarkup() => new(_builder.ToString());
}

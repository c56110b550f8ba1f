namespace IncidentFunctions.Domain.Chat;

/// <summary>
/// Slack's text escaping (api.slack.com/reference/surfaces/formatting#escaping): in what Slack sends and what it is
/// sent, '&amp;', '&lt;' and '&gt;' are written as entities, so that "&lt;@U123&gt;" or "&lt;!channel&gt;" can only be markup
/// Slack itself made.
/// </summary>
public static class SlackText
{
    /// <summary>The text as the person typed it (what the timeline keeps).</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>Our words, or words someone typed, for a message: a title such as "&lt;!channel&gt; down" mentions nobody.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

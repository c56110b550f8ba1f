using System.Xml.Linq;
using Twilio.TwiML;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>TwiML answers to Twilio's inbound SMS webhook, built with the SDK's <see cref="MessagingResponse"/> (which escapes text), unindented, with the XML declaration.</summary>
public static class Twiml
{
    /// <summary>&lt;Response&gt;&lt;Message&gt;text&lt;/Message&gt;&lt;/Response&gt;: Twilio texts <paramref name="text"/> back to the sender.</summary>
    public static string Message(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MessagingResponse().Message(text).ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>An empty response (the SDK writes &lt;Response&gt;&lt;/Response&gt;): acknowledge the webhook without replying.</summary>
    public static string Empty() => new MessagingResponse().ToString(SaveOptions.DisableFormatting);
}

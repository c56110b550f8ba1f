using System.Xml.Linq;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// What the app answers Twilio during a call, built with the SDK's <see cref="VoiceResponse"/> (which escapes the text).
/// A page is read inside a one-digit &lt;Gather&gt;, up to <see cref="VoiceScript.Rounds"/> times: silence falls through to
/// the next reading, and after the last the call says goodbye and hangs up.
/// </summary>
public static class VoiceTwiml
{
    /// <summary>How long a reading waits for a key after it ends.</summary>
    public const int KeySeconds = 6;

    /// <param name="gatherFor">The action of each reading (its round number travels in it).</param>
    public static string Page(string script, Func<int, Uri> gatherFor, int fromRound = 1, string? preface = null)
    {
        var response = new VoiceResponse();
        if (preface is not null)
        {
            response.Say(preface);
        }

        for (var round = fromRound; round <= VoiceScript.Rounds; round++)
        {
            response.Append(new Gather(numDigits: 1, action: gatherFor(round), method: Twilio.Http.HttpMethod.Post, timeout: KeySeconds).Say(script));
        }

        return response.Say(VoiceScript.Goodbye).Hangup().ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Asks for a second key before an irreversible step; silence or another key ends the call without it.</summary>
    public static string Confirm(string question, Uri action, string otherwise) =>
        new VoiceResponse()
            .Append(new Gather(numDigits: 1, action: action, method: Twilio.Http.HttpMethod.Post, timeout: KeySeconds).Say(question))
            .Say(otherwise).Hangup().ToString(SaveOptions.DisableFormatting);

    /// <summary>Says <paramref name="text"/> and hangs up.</summary>
    public static string SayAndHangUp(string text) => new VoiceResponse().Say(text).Hangup().ToString(SaveOptions.DisableFormatting);

    /// <summary>An empty answer: status callbacks need none.</summary>
    public static string Empty() => new VoiceResponse().ToString(SaveOptions.DisableFormatting);
}

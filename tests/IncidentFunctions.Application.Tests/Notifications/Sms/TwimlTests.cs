using System.Xml.Linq;
using IncidentFunctions.Application.Notifications.Sms;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

public sealed class TwimlTests
{
    [Fact]
    public void Message_escapes_markup_and_round_trips_the_text()
    {
        const string text = "<script>alert(1)</script> & \"quoted\" 'single'";

        var xml = Twiml.Message(text);

        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", xml, StringComparison.Ordinal);
        Assert.Contains("&amp;", xml, StringComparison.Ordinal);
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        var message = Assert.Single(root.Elements());
        Assert.Equal("Message", message.Name.LocalName);
        Assert.Equal(text, message.Value);
    }

    [Fact]
    public void Message_keeps_unicode_and_line_breaks()
    {
        const string text = "INC 42 acknowledged — you are the lead ✅\nReply 42r to resolve";

        var message = XDocument.Parse(Twiml.Message(text)).Root!.Element("Message")!;

        Assert.Equal(text, message.Value);
    }

    [Fact]
    public void Empty_is_a_bare_response()
    {
        var xml = Twiml.Empty();

        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        Assert.False(root.HasElements);
        Assert.True(string.IsNullOrEmpty(root.Value));
    }
}

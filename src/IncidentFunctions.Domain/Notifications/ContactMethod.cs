namespace IncidentFunctions.Domain.Notifications;

/// <summary>How a person can be reached. Every medium the pipeline speaks has one; a channel sends on it.</summary>
public enum ContactMethodType
{
    Sms,
    Voice,
    Email,
}

/// <summary>One way to reach one person: a number for SMS and voice (E.164), an address for email.</summary>
/// <param name="Name">What the person calls it ("work phone"), for lists and the pager test; optional.</param>
public sealed record ContactMethod(ContactMethodType Type, string To, string? Name = null)
{
    /// <summary>What a responder's "phone" means: a text and a call to that number.</summary>
    public static IReadOnlyList<ContactMethod> OnPhone(string phone) => [new(ContactMethodType.Sms, phone), new(ContactMethodType.Voice, phone)];

    /// <summary>E.164: "+" and up to 15 digits, as Twilio takes them.</summary>
    public static bool IsPhoneNumber(string text) => Configuration.ConfigLoader.E164().IsMatch(text);

    public static string Word(ContactMethodType type) => type switch
    {
        ContactMethodType.Sms => "sms",
        ContactMethodType.Voice => "voice",
        _ => "email",
    };

    /// <summary>
    /// How a method is named among a person's <paramref name="all"/> methods without writing its number or address:
    /// its medium, and for a second method of the same medium its position ("sms", "voice", "email", "sms2"). Message
    /// idempotency keys and pager tests name methods this way.
    /// </summary>
    public static string Key(IReadOnlyList<ContactMethod> all, ContactMethod method)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(method);
        var position = all.Where(m => m.Type == method.Type).ToList().IndexOf(method);
        return Word(method.Type) + (position > 0 ? (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
    }

    public static bool TryParseType(string? text, out ContactMethodType type)
    {
        foreach (var candidate in Enum.GetValues<ContactMethodType>())
        {
            if (string.Equals(text, Word(candidate), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}

/// <summary>When a method is used after a page starts: "sms at once, voice after 1 minute if still unacknowledged".</summary>
public sealed record NotificationRule(ContactMethodType Method, TimeSpan After);

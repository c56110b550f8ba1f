using System.Text.RegularExpressions;

namespace IncidentFunctions.Importer.Draft;

/// <summary>The vendors' phone numbers in E.164, the only form the configuration takes.</summary>
public static partial class PhoneNumbers
{
    /// <summary>
    /// "+" and the digits of country code and number: PagerDuty keeps them apart (country_code 1, address
    /// "5555550100"), Opsgenie writes "1-5555550100". Null when the result is not E.164 (too short, too long).
    /// </summary>
    public static string? ToE164(string? countryCode, string number)
    {
        var digits = Digits(number);
        if (!number.TrimStart().StartsWith('+') && countryCode is not null)
        {
            digits = Digits(countryCode) + digits;
        }

        var e164 = "+" + digits;
        return E164().IsMatch(e164) ? e164 : null;
    }

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    // The loader's own rule (ConfigLoader.E164).
    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>Phone numbers in logs: enough to tell numbers apart, not enough to dial. "+15550100001" becomes "+1555…0001".</summary>
public static class PhoneMask
{
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "(none)";
        }

        var p = phone.Trim();
        if (p.Length >= 10)
        {
            return string.Concat(p.AsSpan(0, 5), "…", p.AsSpan(p.Length - 4));
        }

        // Short codes and oddities: keep only the last two characters.
        return p.Length > 2 ? string.Concat("…", p.AsSpan(p.Length - 2)) : "…";
    }
}

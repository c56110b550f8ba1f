namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>Addresses in logs: the domain and the first letter, enough to tell people apart at a glance. "lee@example.com" becomes "l…@example.com".</summary>
public static class EmailMask
{
    public static string Mask(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "(none)";
        }

        var a = address.Trim();
        var at = a.LastIndexOf('@');
        return at <= 0 ? "…" : string.Concat(a.AsSpan(0, 1), "…", a.AsSpan(at));
    }
}

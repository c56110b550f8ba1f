namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>How the connection to the mail server is protected (Email:Security).</summary>
public enum EmailSecurity
{
    StartTls,
    Tls,
    None,
}

/// <summary>Email:Security as written: empty means the default, StartTls.</summary>
internal static class EmailSecurityWords
{
    public static bool TryParse(string? text, out EmailSecurity mode)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            mode = EmailSecurity.StartTls;
            return true;
        }

        // Enum.TryParse would also take "1" and " tls, none": only the three words are meant.
        foreach (var candidate in Enum.GetValues<EmailSecurity>())
        {
            if (string.Equals(text.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }
}

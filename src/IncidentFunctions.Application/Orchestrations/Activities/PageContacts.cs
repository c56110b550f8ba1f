using IncidentFunctions.Application.Notifications;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>The request of one planned contact of a page: the same words, why and replies whatever rule or medium carries it.</summary>
internal static class PageContacts
{
    /// <param name="pageKey">The page's key for this responder ("page:0:0:s1:Alice"); the first rule keeps it as it is, so a
    /// text's key is the one texts had before rules, and each later rule adds its number.</param>
    public static NotificationRequest Request(ResponderConfig responder, PlannedContact contact, NotificationSubject subject, string text, int tierIndex, string pageKey, DateTimeOffset at)
    {
        // The email channel says "by email" itself, as it does for every mail.
        var verb = contact.Method.Type == ContactMethodType.Voice ? "Called" : "Paged";
        var when = contact.After > TimeSpan.Zero ? $", after {Duration(contact.After)} unacknowledged" : "";
        return new NotificationRequest(responder, subject, NotificationPurpose.Page, text,
            new NotificationWhy(TimelineEntryKind.PageSent, $"{verb} {responder.Name} (tier {tierIndex + 1}{when})", SendReason.ForTier(tierIndex + 1)),
            ReplyOptions.ForPage(subject.Number), contact.Rule == 0 ? pageKey : $"{pageKey}:r{contact.Rule}", at)
        {
            Via = contact.Method,
        };
    }

    private static string Duration(TimeSpan d) => d.TotalMinutes >= 1 && d.Seconds == 0
        ? $"{(int)d.TotalMinutes} min"
        : $"{(int)d.TotalSeconds} s";
}

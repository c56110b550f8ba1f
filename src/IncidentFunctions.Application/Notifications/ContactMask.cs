using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;

namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// A method's number or address as lists and reports show it (<see cref="PhoneMask"/>, <see cref="EmailMask"/>): enough
/// to tell them apart, not enough to dial or mail.
/// </summary>
public static class ContactMask
{
    public static string Of(ContactMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Type == ContactMethodType.Email ? EmailMask.Mask(method.To) : PhoneMask.Mask(method.To);
    }
}

namespace IncidentFunctions.Application.Http.Routes;

/// <summary>
/// Who may call a route. Only <see cref="AdminKey"/> is enforced in front of the handler by the host (a Functions key in
/// Azure, <see cref="Hosting.AdminKeyFilter"/> on the local runtime); everything else is anonymous at the host, because
/// the credentials it takes (integration keys, Twilio signatures, the console's cookie) are the application's to check.
/// </summary>
[Flags]
public enum RouteAccess
{
    /// <summary>Anyone reaches the handler; it checks whatever credential its caller brings.</summary>
    Anonymous = 0,

    /// <summary>The x-functions-key header (or ?code=) with the admin key.</summary>
    AdminKey = 1,

    /// <summary>
    /// The console's session cookie. On a console page the page's handler checks it. On an API route (with
    /// <see cref="AdminKey"/>) it means the route is also served to the console's script at /console/{template},
    /// signed in by the cookie instead of the key (see <see cref="WebConsole.ConsoleApiDispatcher"/>).
    /// </summary>
    ConsoleSession = 2,
}

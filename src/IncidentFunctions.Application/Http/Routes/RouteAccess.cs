namespace IncidentFunctions.Application.Http.Routes;

/// <summary>
/// Who may call a route. Every route is anonymous at the host, in both hosts: the credentials are the application's to
/// check. <see cref="Authenticated"/> marks an API route, whose caller <see cref="RouteGate"/> finds (a personal token, the
/// platform's principal, the admin key) before the handler runs, holding them to the route's <see cref="HttpRoute.Needs"/>;
/// the handlers of the others check what their callers bring (integration keys, Twilio's and Slack's signatures, the
/// console's cookie).
/// </summary>
[Flags]
public enum RouteAccess
{
    /// <summary>Anyone reaches the handler; it checks whatever credential its caller brings.</summary>
    Anonymous = 0,

    /// <summary>
    /// An API route: a personal token (Authorization: Bearer), the platform's principal, or the admin key
    /// (x-functions-key or ?code=), found by <see cref="RouteGate"/>.
    /// </summary>
    Authenticated = 1,

    /// <summary>
    /// The console's session cookie. On a console page the page's handler checks it. On an API route (with
    /// <see cref="Authenticated"/>) it means the route is also served to the console's script at /console/{template},
    /// signed in by the cookie instead of the key (see <see cref="WebConsole.ConsoleApiDispatcher"/>).
    /// </summary>
    ConsoleSession = 2,
}

using IncidentFunctions.Application.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Http.Routes;

/// <summary>
/// What every route passes before its handler, in both hosts and on /console/api: for an API route, who is calling
/// (<see cref="RequestAuthenticator"/>, or the console's session) and whether their role allows what the route
/// declares it needs (<see cref="HttpRoute.Needs"/>). The handler then finds the caller with <see cref="RequestActor.Of"/>.
/// </summary>
public static class RouteGate
{
    /// <param name="actor">Already known (the console's session on /console/api); null: authenticate the request.</param>
    public static async Task<IResult> RunAsync(HttpRoute route, RouteCall call, RequestActor? actor = null)
    {
        if (route.Access.HasFlag(RouteAccess.Authenticated))
        {
            if (actor is null)
            {
                var (found, problem) = await call.Get<RequestAuthenticator>().AuthenticateAsync(call.Request, call.Cancellation);
                if (problem is not null)
                {
                    return problem;
                }

                actor = found!;
            }

            if (!actor.Role.Allows(route.Needs))
            {
                return Problems.Forbidden($"{string.Join("/", route.Methods)} /{route.Template} needs the {route.Needs} role; {actor.Name} is a {actor.Role}", "role");
            }

            actor.AttachTo(call.Request);
        }

        return await route.Handler(call);
    }
}

using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// Who is calling, as the route's gate (<see cref="RouteGate"/>) established it before the handler ran: a person
/// (signed in to the console, with a personal API token, or with Entra ID) or the admin key, which is automation's.
/// Handlers ask this instead of believing a body's "by".
/// </summary>
/// <param name="Name">The person's configured name; <see cref="Attribution.Automation"/> for the admin key.</param>
/// <param name="Responder">The configured responder the person is; null for the admin key and for a signed-in user the configuration does not name.</param>
/// <param name="Via">The door, as the timeline names it (<see cref="Channels"/>).</param>
public sealed record RequestActor(string Name, ResponderConfig? Responder, AccessRole Role, string Via)
{
    private const string ItemKey = "IncidentFunctions.RequestActor";

    public static RequestActor Automation { get; } = new(Attribution.Automation, null, AccessRole.Admin, Channels.AutomationKey);

    public bool IsAutomation => Responder is null && Via == Channels.AutomationKey;

    /// <summary>The actor the gate attached to <paramref name="request"/>.</summary>
    public static RequestActor Of(HttpRequest request) =>
        request.HttpContext.Items[ItemKey] as RequestActor
        ?? throw new InvalidOperationException("no actor on this request: only a route RouteGate ran may ask who is calling");

    public void AttachTo(HttpRequest request) => request.HttpContext.Items[ItemKey] = this;

    /// <summary>
    /// Who a command is recorded as. A person acts as themselves: a "by" naming anyone else is refused (403 on the field),
    /// and "onBehalfOf" names who it is for, keeping both names. The admin key acts as automation: its "by" (or
    /// "onBehalfOf") is who it is recorded for, never who did it. Names must be configured responders (400 otherwise).
    /// </summary>
    /// <param name="requireResponder">The command needs a responder to be for (an acknowledgement takes a lead): automation must name one.</param>
    public Attribution? Attribute(JsonFields f, IncidentConfig config, bool requireResponder = false)
    {
        var by = f.String("by", required: false, 200);
        var onBehalfOf = f.String("onBehalfOf", required: false, 200);
        var byResponder = by is null ? null : Known(f, config, "by", by);
        var forResponder = onBehalfOf is null ? null : Known(f, config, "onBehalfOf", onBehalfOf);
        if (IsAutomation)
        {
            if (byResponder is not null && forResponder is not null && byResponder.Name != forResponder.Name)
            {
                f.Reject("onBehalfOf", "the admin key records for one responder: send \"by\" or \"onBehalfOf\", not two different names");
                return null;
            }

            var recordedFor = (byResponder ?? forResponder)?.Name;
            if (recordedFor is null && requireResponder && by is null && onBehalfOf is null)
            {
                f.Reject("by", "the admin key is automation, not a responder: name the responder this is for in \"by\"");
                return null;
            }

            return new Attribution(Name, Via, recordedFor);
        }

        if (by is not null && byResponder is not null && !string.Equals(byResponder.Name, Name, StringComparison.Ordinal))
        {
            f.Refuse("by", $"you are signed in as {Name}: commands are recorded as you. To record this for {byResponder.Name}, send \"onBehalfOf\": \"{byResponder.Name}\" instead");
            return null;
        }

        if (Responder is null && requireResponder && forResponder is null)
        {
            f.Refuse("by", $"{Name} is not a responder in the configuration");
            return null;
        }

        var recordedForPerson = forResponder is not null && forResponder.Name != Name ? forResponder.Name : null;
        return new Attribution(Name, Via, recordedForPerson);
    }

    private static ResponderConfig? Known(JsonFields f, IncidentConfig config, string field, string name)
    {
        var responder = config.FindResponder(name);
        if (responder is null)
        {
            f.Reject(field, $"no responder named '{name}' in the configuration");
        }

        return responder;
    }
}

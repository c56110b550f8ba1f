using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Identity;

/// <summary>How a person proved who they are.</summary>
public enum SignInMethod
{
    /// <summary>Microsoft Entra ID, through App Service Authentication (Azure).</summary>
    EntraId,

    /// <summary>A one-time code sent to one of their own contact methods (the local runtime, anywhere without Entra ID).</summary>
    OneTimeCode,
}

/// <summary>
/// Someone signed in as themselves: the responder they are (null for a signed-in user the configuration does not
/// name), the name the timeline records, and what they may do.
/// </summary>
public sealed record SignedInPerson(string Name, ResponderConfig? Responder, AccessRole Role, SignInMethod Method)
{
    /// <summary>
    /// The person an Entra ID sign-in is: the responder whose "entraObjectId" is the user's object id, else whose
    /// "email" is the user's address; their role the highest app role assigned to them (none: Viewer). Someone the
    /// configuration does not name reads at most: acting needs a responder to record the action as.
    /// </summary>
    public static SignedInPerson FromEntra(ClientPrincipal principal, IncidentConfig config)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(config);
        var responder = (principal.ObjectId is { } oid ? config.FindResponderByEntraObjectId(oid) : null)
            ?? (principal.Email is { } email ? config.FindResponderBySignInEmail(email) : null);
        var role = principal.Roles.Select(AccessRoles.FromAppRole).OfType<AccessRole>().DefaultIfEmpty(AccessRole.Viewer).Max();
        if (responder is null)
        {
            role = AccessRole.Viewer;
        }

        var name = responder?.Name ?? principal.Name ?? principal.Email ?? principal.ObjectId ?? "unknown user";
        return new SignedInPerson(name, responder, role, SignInMethod.EntraId);
    }
}

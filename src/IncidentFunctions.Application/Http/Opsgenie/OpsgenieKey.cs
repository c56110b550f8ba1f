using IncidentFunctions.Domain.Configuration;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http.Opsgenie;

/// <summary>Opsgenie's <c>Authorization: GenieKey &lt;key&gt;</c>, where the key is one of a service's integration keys.</summary>
internal static class OpsgenieKey
{
    public const string Scheme = "GenieKey";

    /// <summary>The service the key belongs to, or the refusal in Opsgenie's shape (401 without a key, 403 for an unknown one).</summary>
    public static (ServiceConfig? Service, IResult? Refused) Authorize(HttpRequest request, IncidentConfig config, OpsgenieAnswers answers)
    {
        if (Read(request) is not { } key)
        {
            return (null, answers.Error(StatusCodes.Status401Unauthorized, "Could not authenticate.", "Authorization",
                $"send the service's integration key as 'Authorization: {Scheme} <key>'"));
        }

        return config.FindServiceByIntegrationKey(key) is { } service
            ? (service, null)
            : (null, answers.Error(StatusCodes.Status403Forbidden, "Could not authenticate.", "Authorization", "the key is not configured for any service"));
    }

    /// <summary>The key of "Authorization: GenieKey &lt;key&gt;"; Opsgenie also takes ?apiKey=, which is kept out of logs less well, so not here.</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase) && header[(Scheme.Length + 1)..].Trim() is { Length: > 0 } key
            ? key
            : null;
    }
}

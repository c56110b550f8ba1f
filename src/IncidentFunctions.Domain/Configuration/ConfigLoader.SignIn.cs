namespace IncidentFunctions.Domain.Configuration;

/// <summary>How a responder is recognised when they sign in to the console or the API: "email" and "entraObjectId".</summary>
public static partial class ConfigLoader
{
    private sealed partial class Reader
    {
        private readonly Dictionary<string, string> _signInEmails = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<Guid, string> _entraObjectIds = [];

        /// <summary>Both optional; each unique across responders, since a sign-in must be one person.</summary>
        private (string? Email, string? EntraObjectId) ReadSignIn(Obj responder)
        {
            var email = responder.OptionalString("email")?.Trim();
            if (email is not null)
            {
                var path = responder.PathOf("email");
                if (!EmailAddress().IsMatch(email))
                {
                    Problem(path, $"'{email}' is not an email address (the one this responder signs in with)");
                    email = null;
                }
                else if (!_signInEmails.TryAdd(email, path))
                {
                    Problem(path, $"'{email}' is already the sign-in of {_signInEmails[email]}: a sign-in is one responder");
                    email = null;
                }
            }

            var objectId = responder.OptionalString("entraObjectId")?.Trim();
            if (objectId is not null)
            {
                var path = responder.PathOf("entraObjectId");
                if (!Guid.TryParse(objectId, out var id))
                {
                    Problem(path, $"'{objectId}' is not an Entra ID object id like 00000000-0000-0000-0000-000000000000 (Entra admin center → Users → the user → Object ID)");
                    objectId = null;
                }
                else if (!_entraObjectIds.TryAdd(id, path))
                {
                    Problem(path, $"'{objectId}' is already the Entra ID user of {_entraObjectIds[id]}: a sign-in is one responder");
                    objectId = null;
                }
                else
                {
                    objectId = id.ToString();
                }
            }

            return (email, objectId);
        }
    }
}

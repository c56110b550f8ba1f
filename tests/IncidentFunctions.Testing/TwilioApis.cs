namespace IncidentFunctions.Testing;

/// <summary>Which of the fake's APIs a fault applies to (a number can be refused for texts but still be called).</summary>
[Flags]
public enum TwilioApis
{
    Messages = 1,
    Calls = 2,
    All = Messages | Calls,
}

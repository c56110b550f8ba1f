using System.Security.Cryptography;

namespace IncidentFunctions.Importer.Draft;

/// <summary>
/// New integration keys. The vendors' keys are not reused: they were issued by the vendor and may still be live
/// there during the move, and a monitoring tool must be re-pointed at this service's URL anyway.
/// </summary>
public static class IntegrationKeys
{
    /// <summary>128 random bits, hex: unguessable, and safe in a URL's query string.</summary>
    public static string New() => "imported-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

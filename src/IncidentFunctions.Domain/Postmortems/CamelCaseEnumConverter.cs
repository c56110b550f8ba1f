using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>
/// Enums as camel-case strings ("draft", "sev1") whatever the caller's options, matching the API's settings.
/// Used by attribute on post-mortem and report types, so web defaults alone already write strings.
/// </summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;

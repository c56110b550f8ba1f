using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>RFC 9457 problem bodies. Client errors name the offending field so a tool's operator can fix the sender.</summary>
public static class Problems
{
    public static IResult Create(int status, string title, string detail, string? field = null, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>(extra ?? new Dictionary<string, object?>());
        if (field is not null)
        {
            extensions["field"] = field;
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return Results.Problem(detail: detail, statusCode: status, title: title,
            type: "https://httpstatuses.io/" + status, extensions: extensions);
    }

    public static IResult BadRequest(string field, string detail) => Create(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static IResult Unauthorized(string detail, string field) => Create(StatusCodes.Status401Unauthorized, "Missing credentials", detail, field);

    public static IResult Forbidden(string detail, string? field = null) => Create(StatusCodes.Status403Forbidden, "Forbidden", detail, field);

    public static IResult NotFound(string detail, string field = "id") => Create(StatusCodes.Status404NotFound, "Not found", detail, field);

    public static IResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult TooLarge(long limit) => Create(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"request body exceeds {limit / 1024} KB", "body");

    public static IResult UnsupportedMediaType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, "Content-Type");
}

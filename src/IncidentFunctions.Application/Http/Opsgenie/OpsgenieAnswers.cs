using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http.Opsgenie;

/// <summary>
/// Answers in Opsgenie's shape, so a tool written for its API reads ours: <c>{"result": …, "took": …, "requestId": …}</c>
/// for requests taken (202), <c>{"message": …, "errors": {field: problem}, "took", "requestId"}</c> for the rest.
/// </summary>
internal sealed class OpsgenieAnswers
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public string RequestId { get; } = Guid.NewGuid().ToString();

    private double Took => Math.Round(Stopwatch.GetElapsedTime(_started).TotalSeconds, 3);

    /// <summary>202 "Request will be processed", as Opsgenie answers every alert action.</summary>
    public IResult Accepted() =>
        Results.Json(new JsonObject { ["result"] = "Request will be processed", ["took"] = Took, ["requestId"] = RequestId }, statusCode: StatusCodes.Status202Accepted);

    /// <summary>Any other result in the same shape, e.g. a heartbeat's 202 "PONG - Heartbeat received".</summary>
    public IResult Result(int status, string result) =>
        Results.Json(new JsonObject { ["result"] = result, ["took"] = Took, ["requestId"] = RequestId }, statusCode: status);

    public IResult Data(JsonObject data) =>
        Results.Json(new JsonObject { ["data"] = data, ["took"] = Took, ["requestId"] = RequestId }, statusCode: StatusCodes.Status200OK);

    /// <summary>A refusal naming its field: the body's (422), the key (401/403), the alert (404), the rate (429).</summary>
    public IResult Error(int status, string message, string field, string problem, (string Name, string Value)? header = null)
    {
        var body = new JsonObject
        {
            ["message"] = message,
            ["errors"] = new JsonObject { [field] = problem },
            ["took"] = Took,
            ["requestId"] = RequestId,
        };
        var json = Results.Json(body, statusCode: status);
        return header is { } h ? new HeaderResult(json, h.Name, h.Value) : json;
    }

    public IResult Unprocessable(string field, string problem) =>
        Error(StatusCodes.Status422UnprocessableEntity, "Request body is not processable. Please check the errors.", field, problem);

    public IResult NotFound(string identifier, string type) =>
        Error(StatusCodes.Status404NotFound, $"Alert with {type} [{identifier}] not found.", "identifier", $"no open alert with {type} '{identifier}' for this integration key");

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

using IncidentFunctions.Application.Incidents;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>How the API (and so the console) words a command's result: the made thing as JSON, or a problem body.</summary>
internal static class CommandAnswer
{
    public static IResult From<T, TView>(CommandResult<T> result, Func<T, TView> view, int status = StatusCodes.Status200OK) => result.Status switch
    {
        CommandStatus.Done => Results.Json(view(result.Value!), ApiJson.Options, statusCode: status),
        CommandStatus.NotFound => Problems.NotFound(result.Detail!),
        CommandStatus.Missing => Problems.NotFound(result.Detail!, result.Field!),
        CommandStatus.Invalid => Problems.BadRequest(result.Field!, result.Detail!),
        _ => Problems.Conflict(result.Detail!),
    };
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IncidentFunctions.FunctionsApp;

/// <summary>The handlers speak minimal-API <see cref="IResult"/>; the Functions ASP.NET Core integration speaks MVC results.</summary>
internal sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

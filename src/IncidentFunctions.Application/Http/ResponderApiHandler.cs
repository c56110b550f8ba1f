using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.WebConsole;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// GET /api/responders (every responder's methods and what their tests showed), POST /api/responders/{name}/test (a
/// pager test on each of their methods) and /api/responders/{name}/test/{testId}/confirm (a test mail's link: GET asks,
/// POST confirms).
/// </summary>
public sealed class ResponderApiHandler(IncidentConfigProvider config, PagerTestRoster roster, PagerTestService tests, PagerTestLinks links, TimeProvider time)
{
    public async Task<IResult> ListAsync(CancellationToken ct) =>
        Results.Json(new { responders = (await roster.AllAsync(ct)).Select(ResponderView.From) }, ApiJson.Options);

    public async Task<IResult> TestAsync(string name, HttpRequest request, CancellationToken ct)
    {
        if (config.Current.FindResponder(name) is not { } responder)
        {
            return Problems.NotFound($"no responder named '{name}' in the configuration", "name");
        }

        // Your own pager, or anyone's as an Admin: a test wakes its person, so nobody else's is a Responder's to ring.
        var actor = Identity.RequestActor.Of(request);
        if (!actor.Role.Allows(AccessRole.Admin) && actor.Name != responder.Name)
        {
            return Problems.Forbidden($"you are signed in as {actor.Name}: you may test your own pager; testing {responder.Name}'s needs the Admin role", "name");
        }

        var asked = await tests.AskAsync(responder, ct);
        if (asked.Test is not { } test)
        {
            var next = asked.NextAllowedAt!.Value;
            var seconds = Math.Max(1, (int)Math.Ceiling((next - time.GetUtcNow()).TotalSeconds));
            return new HeaderResult(Problems.Create(StatusCodes.Status429TooManyRequests, "Too many tests",
                $"{responder.Name} was sent a pager test less than {PagerTestService.FloodGap.TotalMinutes:0} minute ago; ask again after {next.UtcDateTime:HH:mm:ss} UTC",
                "name"), "Retry-After", Math.Min(seconds, (int)PagerTestService.FloodGap.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        return Results.Json(PagerTestView.From(test), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// GET of the mail's link: the page that asks to confirm, and nothing else. A mail scanner follows links on its own;
    /// only a person presses the page's button (a POST to the same link), so only a person confirms.
    /// </summary>
    public async Task<IResult> ConfirmPageAsync(string name, string testId, HttpRequest request, CancellationToken ct)
    {
        var (test, method, refused) = await CheckLinkAsync(name, testId, request, ct);
        if (refused is not null)
        {
            return refused;
        }

        var confirmed = test!.Find(method)!;
        return ConsoleResults.Page(PagerTestConfirmedPage.Ask(test.Responder, ContactMask.Of(confirmed.Method),
            $"{request.PathBase}{request.Path}{request.QueryString}", already: confirmed.State == PagerTestState.Confirmed));
    }

    /// <summary>POST of the mail's link (the page's button): confirms the address.</summary>
    public async Task<IResult> ConfirmAsync(string name, string testId, HttpRequest request, CancellationToken ct)
    {
        var (_, method, refused) = await CheckLinkAsync(name, testId, request, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (test, outcome) = await tests.ConfirmAsync(name, testId, method, ContactMethod.Word(ContactMethodType.Email), ct);
        if (test is null || outcome == PagerTestConfirmation.NoSuchMethod)
        {
            return Problems.NotFound($"there is no pager test {testId} of {name} with a method '{method}'", test is null ? "testId" : "method");
        }

        if (outcome == PagerTestConfirmation.Expired)
        {
            return Problems.Forbidden($"this pager test expired at {test.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; ask for a new one in the console", "testId");
        }

        var address = ContactMask.Of(test.Find(method)!.Method);
        return ConsoleResults.Page(PagerTestConfirmedPage.Render(test.Responder, address, already: outcome == PagerTestConfirmation.AlreadyConfirmed));
    }

    /// <summary>
    /// The link's checks, the same for both: anonymous, so the token is checked before anything is looked up (without
    /// it, nobody learns which responders or tests exist). Shapes first (400), then the token (403), then the test and
    /// its method (404), then its age (403).
    /// </summary>
    private async Task<(PagerTest? Test, string Method, IResult? Refused)> CheckLinkAsync(string name, string testId, HttpRequest request, CancellationToken ct)
    {
        var method = request.Query["method"].ToString();
        if (!PagerTestIds.IsWellFormed(testId))
        {
            return (null, method, Problems.BadRequest("testId", $"'{testId}' is not a pager test id"));
        }

        if (method.Length == 0)
        {
            return (null, method, Problems.BadRequest("method", "the link names no method (method=email)"));
        }

        if (!links.IsValid(name, testId, method, request.Query["token"].ToString()))
        {
            return (null, method, Problems.Forbidden("the link's token is missing or wrong: use the link exactly as the mail has it", "token"));
        }

        var test = await tests.GetAsync(name, testId, ct);
        if (test?.Find(method) is null)
        {
            return (test, method, Problems.NotFound($"there is no pager test {testId} of {name} with a method '{method}'", test is null ? "testId" : "method"));
        }

        if (test.Find(method)!.State != PagerTestState.Confirmed && time.GetUtcNow() > test.ExpiresAt)
        {
            return (test, method, Problems.Forbidden($"this pager test expired at {test.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; ask for a new one in the console", "testId"));
        }

        return (test, method, null);
    }
}

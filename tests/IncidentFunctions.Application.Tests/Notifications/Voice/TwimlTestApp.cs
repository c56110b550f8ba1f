using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twilio.Security;

namespace IncidentFunctions.Application.Tests.Notifications.Voice;

/// <summary>One webhook the test app received, and whether the SDK's validator accepted its X-Twilio-Signature.</summary>
internal sealed record TwimlAppRequest(string Method, string Path, string Url, IReadOnlyDictionary<string, string> Parameters, string? Signature, bool SignatureValid)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);
}

/// <summary>What the test app answers on one path.</summary>
internal sealed record TwimlAppAnswer(int Status, string ContentType, string Body)
{
    public static TwimlAppAnswer Twiml(string verbs) => new(200, "text/xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{verbs}</Response>");
}

/// <summary>
/// A stand-in for the app's voice endpoints on 127.0.0.1: serves the TwiML a test gives per path, records every request
/// and checks its signature with the Twilio SDK's <see cref="RequestValidator"/> (the fake signs with its own code, so
/// this checks one against the other). Paths without an answer get 204 (fine for status callbacks).
/// </summary>
internal sealed class TwimlTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestValidator _validator;
    private readonly ConcurrentQueue<TwimlAppRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Func<TwimlAppRequest, TwimlAppAnswer>> _answers = new(StringComparer.Ordinal);

    private TwimlTestApp(WebApplication app, string authToken)
    {
        _app = app;
        _validator = new RequestValidator(authToken);
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<TwimlAppRequest> Requests => _requests.ToArray();

    public static async Task<TwimlTestApp> StartAsync(string authToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var testApp = new TwimlTestApp(app, authToken);
        app.Run(testApp.HandleAsync);
        await app.StartAsync();
        testApp.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return testApp;
    }

    public string Url(string path) => BaseUrl + path;

    public void Answer(string path, Func<TwimlAppRequest, TwimlAppAnswer> answer) => _answers[path] = answer;

    public void Answer(string path, TwimlAppAnswer answer) => _answers[path] = _ => answer;

    /// <summary>Serves &lt;Response&gt;<paramref name="verbs"/>&lt;/Response&gt; as text/xml on <paramref name="path"/>.</summary>
    public void Twiml(string path, string verbs) => Answer(path, TwimlAppAnswer.Twiml(verbs));

    public IReadOnlyList<TwimlAppRequest> On(string path) => Requests.Where(r => r.Path == path).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        // What Twilio signed: the full URL it requested, query included as sent, plus the POST parameters.
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
        Dictionary<string, string> parameters;
        bool valid;
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        if (request.HasFormContentType)
        {
            parameters = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            valid = _validator.Validate(url, parameters, signature);
        }
        else
        {
            parameters = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            valid = _validator.Validate(url, new Dictionary<string, string>(), signature);
        }

        var received = new TwimlAppRequest(request.Method, request.Path.Value ?? "", url, parameters, signature.Length == 0 ? null : signature, valid);
        _requests.Enqueue(received);
        var answer = _answers.TryGetValue(received.Path, out var respond) ? respond(received) : new TwimlAppAnswer(204, "text/plain", "");
        context.Response.StatusCode = answer.Status;
        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }
}

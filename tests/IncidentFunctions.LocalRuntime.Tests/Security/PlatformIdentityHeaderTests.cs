using System.Net;
using System.Text;
using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Testing;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// The local runtime has no App Service Authentication in front of it, so a request carrying its identity headers
/// (X-MS-CLIENT-PRINCIPAL…) can only be someone claiming to be whoever they like: refused with 400 naming the header,
/// on every kind of route, before anything is read or written.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class PlatformIdentityHeaderTests(FuzzFixture runtime)
{
    private readonly FuzzHttp _http = new(runtime);

    private static readonly string Admin = new ClientPrincipal("aad", "name", "roles",
        [(ClientPrincipal.ObjectIdClaim, Guid.NewGuid().ToString()), ("name", "Mallory"), ("roles", "Admin")]).Encode();

    public static TheoryData<string, string> Headers => new()
    {
        { ClientPrincipal.Header, Admin },
        { "X-MS-CLIENT-PRINCIPAL-NAME", "alice@example.com" },
        { "X-MS-CLIENT-PRINCIPAL-ID", Guid.NewGuid().ToString() },
        { "X-MS-TOKEN-AAD-ACCESS-TOKEN", "eyJ0eXAiOiJKV1QifQ.e30." },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task A_command_with_a_platform_identity_header_is_refused_and_writes_nothing(string header, string value)
    {
        var id = await _http.OpenIncidentAsync("Forged sign-in " + header);
        var before = await _http.SnapshotAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/incidents/{id}/acknowledge")
        {
            Content = new StringContent("""{"by": "Alice"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
        request.Headers.TryAddWithoutValidation(header, value);

        var reply = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        Assert.Equal(header, reply.Json!["field"]!.GetValue<string>(), ignoreCase: true);
        Assert.Equal(before, await _http.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("GET", "console")]
    [InlineData("GET", "api/health")]
    [InlineData("GET", "api/status")]
    [InlineData("POST", "api/alerts/generic")]
    public async Task Pages_webhooks_and_public_reads_refuse_it_too(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(Payloads.Generic("forged", Payloads.Unique("forged")), Encoding.UTF8, "application/json");
            request.Headers.Add("X-Integration-Key", "e2e-records");
        }

        request.Headers.TryAddWithoutValidation(ClientPrincipal.Header, Admin);
        var counter = await _http.CounterAsync();

        var reply = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(counter, await _http.CounterAsync());
        await _http.AssertHealthyAsync();
    }
}

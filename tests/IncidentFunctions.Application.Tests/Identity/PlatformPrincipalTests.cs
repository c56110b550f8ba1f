using Azure.Data.Tables;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Testing;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Tests.Identity;

/// <summary>
/// The platform's principal is believed only where App Service Authentication is on: then it is the caller, of the API
/// and of the console, as the responder it maps to with the role Entra ID assigned; elsewhere it is ignored.
/// </summary>
public sealed class PlatformPrincipalTests
{
    private const string AliceOid = "6f1c2a34-8b7d-4e21-9c55-0d3e7a9b1f20";

    private static readonly IncidentConfigProvider Config = new(new IncidentConfig
    {
        AdminApiKey = "admin-key-123",
        Responders = [new ResponderConfig("Alice", "+15550100001") { EntraObjectId = AliceOid }],
    }, "test.json");

    [Theory]
    [InlineData("Responder", AccessRole.Responder)]
    [InlineData("Admin", AccessRole.Admin)]
    [InlineData(null, AccessRole.Viewer)]
    public async Task With_the_platform_on_the_principal_is_the_caller_with_its_app_role(string? appRole, AccessRole role)
    {
        var (authenticator, session) = Build(platformOn: true);
        var request = WithPrincipal(AliceOid, appRole);

        var (actor, problem) = await authenticator.AuthenticateAsync(request, CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(("Alice", role, Channels.EntraId), (actor!.Name, actor.Role, actor.Via));
        var console = session.Actor(request);
        Assert.Equal(("Alice", role, Channels.Console), (console!.Name, console.Role, console.Via));
    }

    [Fact]
    public async Task Someone_the_configuration_does_not_name_reads_at_most_and_acts_as_nobody_else()
    {
        var (authenticator, _) = Build(platformOn: true);

        var (actor, _) = await authenticator.AuthenticateAsync(WithPrincipal("00000000-0000-0000-0000-000000000001", "Admin"), CancellationToken.None);

        Assert.Equal((AccessRole.Viewer, (ResponderConfig?)null), (actor!.Role, actor.Responder));
    }

    [Fact]
    public async Task With_the_platform_off_the_header_stands_for_nobody()
    {
        var (authenticator, session) = Build(platformOn: false);
        var request = WithPrincipal(AliceOid, "Admin");

        var (actor, problem) = await authenticator.AuthenticateAsync(request, CancellationToken.None);

        Assert.Null(actor);
        Assert.NotNull(problem);
        Assert.Null(session.Actor(request));
    }

    [Theory]
    [InlineData(true, "9.9.9.9, 203.0.113.7:51234", "203.0.113.7")]
    [InlineData(true, "[2001:db8::7]:443", "2001:db8::7")]
    [InlineData(false, "203.0.113.7", "127.0.0.1")]
    public void The_throttles_client_address_is_the_front_ends_last_hop_in_azure_and_the_connection_elsewhere(bool behindFrontEnd, string forwardedFor, string expected)
    {
        var platform = new PlatformAuthentication(enabled: false, behindFrontEnd, Config);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(expected, platform.ClientAddress(context.Request));
    }

    private static (RequestAuthenticator, ConsoleSession) Build(bool platformOn)
    {
        var platform = new PlatformAuthentication(platformOn, behindFrontEnd: platformOn, Config);
        var session = new ConsoleSession(Config, TimeProvider.System, platform);
        // Never reached on these paths (no token is sent): an unreachable address keeps it honest.
        var identities = new IdentityStore(new TableServiceClient("UseDevelopmentStorage=true;TableEndpoint=http://127.0.0.1:1/devstoreaccount1"), "t");
        return (new RequestAuthenticator(Config, identities, platform, TimeProvider.System), session);
    }

    private static HttpRequest WithPrincipal(string objectId, string? appRole)
    {
        List<(string, string)> claims = [(ClientPrincipal.ObjectIdClaim, objectId), ("name", "Alice Example")];
        if (appRole is not null)
        {
            claims.Add(("roles", appRole));
        }

        var request = new DefaultHttpContext().Request;
        request.Headers[ClientPrincipal.Header] = new ClientPrincipal("aad", "name", "roles", claims).Encode();
        return request;
    }
}

using System.Text;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Identity;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Tests.Identity;

/// <summary>
/// Who a command is recorded as: a person as themselves ("by" naming anyone else is 403 on the field, "onBehalfOf"
/// keeps both names), the admin key as automation ("by" is whom it was for, never who did it).
/// </summary>
public sealed class RequestActorTests
{
    private static readonly IncidentConfig Config = new()
    {
        AdminApiKey = "admin-key-123",
        Responders = [new ResponderConfig("Alice", "+15550100001"), new ResponderConfig("Bob", "+15550100002")],
    };

    private static readonly RequestActor Alice = new("Alice", Config.Responders[0], AccessRole.Responder, Channels.Console);

    [Theory]
    [InlineData("{}", "Alice", null)]
    [InlineData("""{"by": "Alice"}""", "Alice", null)]
    [InlineData("""{"by": "alice"}""", "Alice", null)]
    [InlineData("""{"onBehalfOf": "Bob"}""", "Alice", "Bob")]
    [InlineData("""{"onBehalfOf": "Alice"}""", "Alice", null)]
    public async Task A_person_is_recorded_as_themselves(string body, string name, string? @for)
    {
        var (by, error) = await AttributeAsync(Alice, body);

        Assert.Null(error);
        Assert.Equal((name, Channels.Console, @for), (by!.Name, by.Via, by.For));
    }

    [Fact]
    public async Task A_person_naming_someone_else_in_by_is_refused_on_the_field()
    {
        var (by, error) = await AttributeAsync(Alice, """{"by": "Bob"}""");

        Assert.Null(by);
        var (status, field, detail) = await ProblemOf(error!);
        Assert.Equal((StatusCodes.Status403Forbidden, "by"), (status, field));
        Assert.Contains("you are signed in as Alice", detail, StringComparison.Ordinal);
        Assert.Contains("\"onBehalfOf\": \"Bob\"", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"by": "Mallory"}""", "by")]
    [InlineData("""{"onBehalfOf": "Mallory"}""", "onBehalfOf")]
    public async Task Names_must_be_configured_responders(string body, string field)
    {
        var (_, error) = await AttributeAsync(Alice, body);

        Assert.Equal((StatusCodes.Status400BadRequest, field), await StatusAndFieldAsync(error!));
    }

    [Theory]
    [InlineData("{}", null)]
    [InlineData("""{"by": "Bob"}""", "Bob")]
    [InlineData("""{"onBehalfOf": "bob"}""", "Bob")]
    [InlineData("""{"by": "Bob", "onBehalfOf": "Bob"}""", "Bob")]
    public async Task The_admin_key_is_automation_and_records_for_whom_it_names(string body, string? @for)
    {
        var (by, error) = await AttributeAsync(RequestActor.Automation, body);

        Assert.Null(error);
        Assert.Equal((Attribution.Automation, Channels.AutomationKey, @for), (by!.Name, by.Via, by.For));
    }

    [Fact]
    public async Task The_admin_key_must_name_a_responder_where_the_command_needs_one()
    {
        var (_, error) = await AttributeAsync(RequestActor.Automation, "{}", requireResponder: true);

        var (status, field, detail) = await ProblemOf(error!);
        Assert.Equal((StatusCodes.Status400BadRequest, "by"), (status, field));
        Assert.Contains("automation, not a responder", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_key_naming_two_different_people_is_refused()
    {
        var (_, error) = await AttributeAsync(RequestActor.Automation, """{"by": "Alice", "onBehalfOf": "Bob"}""");

        Assert.Equal((StatusCodes.Status400BadRequest, "onBehalfOf"), await StatusAndFieldAsync(error!));
    }

    [Fact]
    public async Task A_signed_in_user_the_configuration_does_not_name_cannot_be_the_one_a_command_needs()
    {
        var stranger = new RequestActor("guest@example.com", null, AccessRole.Viewer, Channels.EntraId);

        var (_, error) = await AttributeAsync(stranger, "{}", requireResponder: true);

        Assert.Equal((StatusCodes.Status403Forbidden, "by"), await StatusAndFieldAsync(error!));
    }

    private static async Task<(Attribution? By, IResult? Error)> AttributeAsync(RequestActor actor, string body, bool requireResponder = false)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var (fields, problem) = await JsonFields.ReadAsync(context.Request, CancellationToken.None);
        Assert.Null(problem);
        using (fields)
        {
            var by = actor.Attribute(fields!, Config, requireResponder);
            return (by, fields!.Error);
        }
    }

    private static async Task<(int Status, string? Field)> StatusAndFieldAsync(IResult result)
    {
        var (status, field, _) = await ProblemOf(result);
        return (status, field);
    }

    private static async Task<(int Status, string? Field, string Detail)> ProblemOf(IResult result)
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(
            services, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var context = new DefaultHttpContext { RequestServices = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services) };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var json = System.Text.Json.Nodes.JsonNode.Parse(context.Response.Body)!;
        return (context.Response.StatusCode, (string?)json["field"], (string)json["detail"]!);
    }
}

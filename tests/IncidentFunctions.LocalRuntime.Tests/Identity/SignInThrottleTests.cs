using System.Net;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Identity;

/// <summary>A runtime with the product's sign-in limits (the other fixtures raise them): three codes per person and ten requests per address in fifteen minutes.</summary>
public sealed class SignInThrottleFixture : LocalRuntimeFixture
{
    public const string AdminKey = "throttle-admin-key-0123";

    public FakeTwilioServer Twilio => World.Twilio;

    protected override void Configure(TestWorldBuilder world)
    {
        var config = new OnCallConfigBuilder()
            .WithAdminKey(AdminKey)
            .Responder("Alice", "+15550600001")
            .Responder("Bob", "+15550600002")
            .Policy("p", TimeSpan.FromMinutes(10), "Alice")
            .Service("s", "throttle-s", "p");
        world.WithConfig(config)
            .WithFakeTwilio()
            // Back to the product's limits (LocalRuntimeFixture raises them for everyone else).
            .WithSetting("SignIn:CodesPerPerson", new Application.Identity.SignInOptions().CodesPerPerson.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("SignIn:CodesPerAddress", new Application.Identity.SignInOptions().CodesPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Codes are throttled per person and per client address; a throttled request sends nothing and says when to come back.</summary>
public sealed class SignInThrottleTests(SignInThrottleFixture runtime) : IClassFixture<SignInThrottleFixture>
{
    [Fact]
    public async Task A_fourth_code_for_one_person_and_an_eleventh_request_from_one_address_are_refused_and_send_nothing()
    {
        using var browser = new ConsoleClient(runtime.Client.BaseAddress!, ConsoleClient.TextsOf(runtime.Twilio));
        for (var i = 0; i < 3; i++)
        {
            await browser.AskForCodeAsync("Alice");
        }

        var sent = runtime.Twilio.Messages.Count;
        using var fourth = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = "Alice" });
        Assert.Equal((HttpStatusCode)429, fourth.StatusCode);
        Assert.InRange(int.Parse(fourth.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 15 * 60);
        Assert.Contains("Too many codes asked for", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(sent, runtime.Twilio.Messages.Count);

        // The address has made four requests; Bob's own limit is untouched, so six more (names nobody has among them) reach ten.
        await browser.AskForCodeAsync("Bob");
        foreach (var who in new[] { "Nobody1", "Nobody2", "Nobody3", "Nobody4", "Nobody5" })
        {
            using var asked = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = who });
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        sent = runtime.Twilio.Messages.Count;
        using var eleventh = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = "Bob" });
        Assert.Equal((HttpStatusCode)429, eleventh.StatusCode);
        Assert.Equal(sent, runtime.Twilio.Messages.Count);
    }
}

using Azure.Core.Pipeline;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// The one way tests and the benchmark build a running pipeline: an on-call configuration written to a file, a fake
/// Twilio on loopback (optional), a task hub, table prefix and event queue of the world's own on the test Azurite
/// (<see cref="TestStorage"/>) or another storage, and settings over the runtime's defaults. Then the local runtime
/// runs in this process (<see cref="StartInProcessAsync"/>) or as a child process that a test can kill
/// (<see cref="StartChildProcessAsync"/>). Disposing the world stops everything and deletes what it wrote.
/// </summary>
public sealed class TestWorldBuilder
{
    /// <summary>The number the fake Twilio's texts come from (Twilio:FromNumber).</summary>
    public const string DefaultFromNumber = "+15557770000";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private string? _config;
    private bool _fakeTwilio;
    private Action<FakeTwilioServer>? _twilioSetup;
    private string? _storage;
    private bool _fakeSlack;
    private Action<FakeSlackServer>? _slackSetup;

    /// <summary>The signing secret of the fake Slack's requests (Slack:SigningSecret) in worlds with a fake Slack.</summary>
    public const string SlackSigningSecret = "fake-slack-signing-secret-0123456789";

    /// <summary>Names the world's task hub, table prefix and event queue.</summary>
    public string TaskHub { get; private set; } = TaskHubs.NewName();

    /// <summary>The configuration's admin key (x-functions-key), when the configuration came from a builder.</summary>
    public string? AdminKey { get; private set; }

    /// <summary>Extra options for a runtime in this process: a storage pipeline policy, tasks, logging.</summary>
    public HttpPipelinePolicy? StoragePolicy { get; private set; }

    public Action<DurableTaskRegistry>? AdditionalTasks { get; private set; }

    public Action<ILoggingBuilder>? ConfigureLogging { get; private set; }

    /// <summary>What the in-process runtime's tracer provider gets beside its own (an in-memory exporter).</summary>
    public Action<OpenTelemetry.Trace.TracerProviderBuilder>? ConfigureTracing { get; private set; }

    public TestWorldBuilder WithTaskHub(string name)
    {
        TaskHub = name;
        return this;
    }

    public TestWorldBuilder WithConfig(OnCallConfigBuilder config)
    {
        AdminKey = config.AdminKey;
        return WithConfig(config.Build());
    }

    /// <summary>The configuration file's text. Without one the runtime reads the shipped config/incidents.json.</summary>
    public TestWorldBuilder WithConfig(string json)
    {
        _config = json;
        return this;
    }

    /// <summary>Pages go to a fake Twilio REST API on loopback; <paramref name="setup"/> runs on it before the runtime starts.</summary>
    public TestWorldBuilder WithFakeTwilio(Action<FakeTwilioServer>? setup = null)
    {
        _fakeTwilio = true;
        _twilioSetup = setup;
        return this;
    }

    /// <summary>
    /// Slack is on, against a fake Slack Web API on loopback (Slack:BotToken, Slack:ApiBaseUrl) and signed with
    /// <see cref="SlackSigningSecret"/>; <paramref name="setup"/> runs on it before the runtime starts.
    /// </summary>
    public TestWorldBuilder WithFakeSlack(Action<FakeSlackServer>? setup = null)
    {
        _fakeSlack = true;
        _slackSetup = setup;
        return this;
    }

    /// <summary>Another storage than the test Azurite, e.g. a <see cref="PrivateAzurite"/> the test stops.</summary>
    public TestWorldBuilder WithStorage(string connectionString)
    {
        _storage = connectionString;
        return this;
    }

    /// <summary>A setting over appsettings.json, with ':' between sections (a child process gets it as '__').</summary>
    public TestWorldBuilder WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public TestWorldBuilder WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        return this;
    }

    public TestWorldBuilder WithLogLevel(string level, string category = "Default") =>
        WithSetting($"Logging:LogLevel:{category}", level);

    public TestWorldBuilder WithStoragePolicy(HttpPipelinePolicy policy)
    {
        StoragePolicy = policy;
        return this;
    }

    public TestWorldBuilder WithTasks(Action<DurableTaskRegistry> tasks)
    {
        AdditionalTasks = tasks;
        return this;
    }

    /// <summary>Adds to the in-process runtime's tracing, e.g. an in-memory exporter a test reads spans from.</summary>
    public TestWorldBuilder WithTracing(Action<OpenTelemetry.Trace.TracerProviderBuilder> tracing)
    {
        ConfigureTracing = tracing;
        return this;
    }

    public TestWorldBuilder WithLogging(Action<ILoggingBuilder> logging)
    {
        ConfigureLogging = logging;
        return this;
    }

    /// <summary>The local runtime in this process (its services and logs within reach of the test).</summary>
    public async Task<InProcessWorld> StartInProcessAsync(CancellationToken ct = default)
    {
        var parts = await PrepareAsync(ct);
        return await InProcessWorld.StartAsync(this, parts, ct);
    }

    /// <summary>The built local runtime as a child process, configured through its environment.</summary>
    public async Task<ChildProcessWorld> StartChildProcessAsync(CancellationToken ct = default)
    {
        var parts = await PrepareAsync(ct);
        return await ChildProcessWorld.StartAsync(parts);
    }

    /// <summary>Starts the fake Twilio and writes the configuration: what both kinds of world share.</summary>
    private async Task<WorldParts> PrepareAsync(CancellationToken ct)
    {
        var storage = _storage ?? TestStorage.ConnectionString;
        FakeTwilioServer? twilio = null;
        FakeSlackServer? slack = null;
        string? configPath = null;
        try
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                // The application's tables get the hub's name as prefix, and the event stream's Storage queue (no
                // Service Bus here) its name: worlds share an Azurite without sharing data.
                ["IncidentStorage:TablePrefix"] = TaskHub,
                ["IncidentEvents:QueueName"] = TaskHub,
                ["Logging:LogLevel:Default"] = "Warning",
            };

            if (_fakeTwilio)
            {
                twilio = await FakeTwilioServer.StartAsync(cancellationToken: ct);
                _twilioSetup?.Invoke(twilio);
                settings["Twilio:AccountSid"] = twilio.AccountSid;
                settings["Twilio:AuthToken"] = twilio.AuthToken;
                settings["Twilio:FromNumber"] = DefaultFromNumber;
                settings["Twilio:ApiBaseUrl"] = twilio.BaseUrl;
            }

            if (_fakeSlack)
            {
                slack = await FakeSlackServer.StartAsync(cancellationToken: ct);
                _slackSetup?.Invoke(slack);
                settings["Slack:BotToken"] = slack.BotToken;
                settings["Slack:SigningSecret"] = SlackSigningSecret;
                settings["Slack:ApiBaseUrl"] = slack.BaseUrl;
            }

            if (_config is not null)
            {
                configPath = Path.Combine(Path.GetTempPath(), $"incidents-{TaskHub}.json");
                await File.WriteAllTextAsync(configPath, _config, ct);
                settings["INCIDENTS_CONFIG"] = configPath;
            }

            foreach (var (key, value) in _settings)
            {
                settings[key] = value;
            }

            return new WorldParts(TaskHub, storage, settings, twilio, configPath) { Slack = slack };
        }
        catch
        {
            await new WorldParts(TaskHub, storage, new Dictionary<string, string?>(), twilio, configPath) { Slack = slack }.DisposeAsync();
            throw;
        }
    }
}

/// <summary>What a world is made of besides its runtime; disposing removes the fakes and the configuration file.</summary>
public sealed record WorldParts(
    string TaskHub, string Storage, IReadOnlyDictionary<string, string?> Settings, FakeTwilioServer? Twilio, string? ConfigPath) : IAsyncDisposable
{
    public FakeSlackServer? Slack { get; init; }

    public async ValueTask DisposeAsync()
    {
        if (Twilio is not null)
        {
            await Twilio.DisposeAsync();
        }

        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }

        if (ConfigPath is not null)
        {
            File.Delete(ConfigPath);
        }
    }
}

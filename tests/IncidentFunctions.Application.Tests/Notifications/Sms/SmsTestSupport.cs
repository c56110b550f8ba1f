using System.Collections.Concurrent;
using System.Globalization;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

/// <summary>Builds the SMS services exactly as the hosts do (AddIncidentSms over configuration), for tests.</summary>
internal static class SmsTestServices
{
    public const string TestMessagingServiceSid = "MG00000000000000000000000000000002";
    public const string TestFromNumber = "+15550100000";

    public static ServiceProvider Build(IDictionary<string, string?> settings, bool allowOutbox, LogCapture? logs = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddIncidentSms(configuration, allowOutbox);
        return services.BuildServiceProvider();
    }

    /// <summary>Settings pointing the sender at <paramref name="fake"/> with tiny backoffs.</summary>
    public static Dictionary<string, string?> ForFake(FakeTwilioServer fake, bool messagingService = false, int maxAttempts = 3, TimeSpan? requestTimeout = null, string? authToken = null) => new()
    {
        ["Twilio:AccountSid"] = fake.AccountSid,
        ["Twilio:AuthToken"] = authToken ?? fake.AuthToken,
        ["Twilio:FromNumber"] = messagingService ? null : TestFromNumber,
        ["Twilio:MessagingServiceSid"] = messagingService ? TestMessagingServiceSid : null,
        ["Twilio:ApiBaseUrl"] = fake.BaseUrl,
        ["Twilio:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
        ["Twilio:InitialBackoff"] = "00:00:00.010",
        ["Twilio:MaxBackoff"] = "00:00:00.050",
        ["Twilio:MaxRetryAfter"] = "00:00:05",
        ["Twilio:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
    };
}

/// <summary>Keeps every log line written, for assertions on what is (not) logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
        }
    }
}

/// <summary>
/// System time, except that every timer fires at once and the requested due time is recorded: lets a test see how long
/// the sender meant to wait without waiting.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _requested = new();

    public IReadOnlyList<TimeSpan> RequestedDelays => _requested.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _requested.Enqueue(dueTime);
        return TimeProvider.System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}

/// <summary>A clock that stands still until moved.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

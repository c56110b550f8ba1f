using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// How many codes may be asked for in <see cref="SignInThrottle.Window"/> ("SignIn" settings): per person, so nobody's
/// phone is flooded; per client address, so one client cannot walk the responders. The defaults are the product's; a
/// test runtime that signs many people in from one address raises them.
/// </summary>
public sealed record SignInOptions
{
    public const string Section = "SignIn";

    public int CodesPerPerson { get; init; } = SignInThrottle.PerPerson;

    public int CodesPerAddress { get; init; } = SignInThrottle.PerAddress;

    /// <summary>The settings under "SignIn", checked: a limit below one would lock everyone out.</summary>
    public static SignInOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SignInOptions>() ?? new SignInOptions();
        if (options.CodesPerPerson < 1 || options.CodesPerAddress < 1)
        {
            throw new InvalidOperationException($"{Section}:CodesPerPerson and {Section}:CodesPerAddress must be at least 1 (they are {options.CodesPerPerson} and {options.CodesPerAddress})");
        }

        return options;
    }
}

/// <summary>What asking for a code came to: sent (or the name matched nobody, which the page does not tell apart), throttled, or not sent.</summary>
/// <param name="RetryAt">When a new code may be asked for, when throttled.</param>
/// <param name="Failure">Why the code could not be sent, when the provider refused it.</param>
public sealed record CodeRequestOutcome(DateTimeOffset? RetryAt, string? Failure = null)
{
    public static CodeRequestOutcome Sent { get; } = new(RetryAt: null);
}

/// <summary>What checking a code came to: the responder and the method it went to when accepted.</summary>
public sealed record CodeCheckOutcome(SignInCodeCheck Check, ResponderConfig? Responder, string? Method);

/// <summary>
/// Sign-in by one-time code: a responder names themselves (name, phone number or email address), a code goes to one
/// of their own contact methods through the one notification request, and the code signs them in once. Asking is
/// throttled per person and per client address (<see cref="SignInThrottle"/>); the answer never says whether a
/// name matched anyone.
/// </summary>
public sealed partial class SignInService(IncidentConfigProvider config, IdentityStore store, Notifier notifier, TimeProvider time, SignInOptions options, ILogger<SignInService> log)
{
    public async Task<CodeRequestOutcome> RequestCodeAsync(string who, string clientAddress, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await store.TryCountRequestAsync("address", clientAddress, options.CodesPerAddress, now, ct) is { } addressRetry)
        {
            return new CodeRequestOutcome(addressRetry);
        }

        if (Find(who) is not var (responder, method))
        {
            LogUnknown();
            return CodeRequestOutcome.Sent;
        }

        if (await store.TryCountRequestAsync("person", responder.Name, options.CodesPerPerson, now, ct) is { } personRetry)
        {
            return new CodeRequestOutcome(personRetry);
        }

        var (record, code) = SignInCode.Issue(responder.Name, MethodKey(method), now);
        await store.PutCodeAsync(record, ct);
        var text = $"IncidentFunctions sign-in code: {code}. It works once, for {SignInCode.Lifetime.TotalMinutes:0} minutes. Nobody from the team will ask you for it.";
        var request = NotificationRequest.ForSignIn(responder, new SignInRef(responder.Name, record.IssuedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)), text, method, now);
        var outcome = await notifier.SendAsync(request, ct);
        LogSent(responder.Name, method.Type.ToString(), outcome.Delivered);
        return outcome.Delivered
            ? CodeRequestOutcome.Sent
            : new CodeRequestOutcome(null, $"the code could not be sent to {ContactMask.Of(method)}: try again, or ask an admin to check the {method.Type.ToString().ToLowerInvariant()} provider");
    }

    public async Task<CodeCheckOutcome> CheckAsync(string who, string? code, CancellationToken ct)
    {
        if (Find(who) is not var (responder, _))
        {
            // Nobody of that name: the answer a responder with no code gets, so the form only tells apart names that
            // asked for a code minutes ago (and the one who asked knows that already).
            return new CodeCheckOutcome(SignInCodeCheck.Spent, null, null);
        }

        while (true)
        {
            if (await store.GetCodeAsync(responder.Name, ct) is not var (stored, etag))
            {
                return new CodeCheckOutcome(SignInCodeCheck.Spent, null, null);
            }

            var (check, next) = stored.Check(code, time.GetUtcNow());
            if (!ReferenceEquals(next, stored) && !await store.TryReplaceCodeAsync(next, etag, ct))
            {
                continue;
            }

            return check == SignInCodeCheck.Accepted
                ? new CodeCheckOutcome(check, responder, stored.Method)
                : new CodeCheckOutcome(check, null, null);
        }
    }

    /// <summary>How a method is named in a code and a session: its type and address, so changing either ends what it opened.</summary>
    public static string MethodKey(ContactMethod method) => $"{method.Type.ToString().ToLowerInvariant()}:{method.To}";

    /// <summary>Every method of <paramref name="responder"/>'s that a code can go to (<see cref="Find"/>'s choices), by <see cref="MethodKey"/>.</summary>
    public static IEnumerable<string> MethodKeysOf(ResponderConfig responder) =>
        responder.ContactMethods.Append(PhoneText(responder)).Select(MethodKey).Distinct(StringComparer.Ordinal);

    private static ContactMethod PhoneText(ResponderConfig responder) => new(ContactMethodType.Sms, responder.Phone);

    /// <summary>
    /// The responder <paramref name="who"/> names and the method their code goes to: an email address names that
    /// address (when it is one of theirs); a name or a phone number their phone, by text.
    /// </summary>
    private (ResponderConfig Responder, ContactMethod Method)? Find(string who)
    {
        var text = who.Trim();
        var current = config.Current;
        if (text.Contains('@', StringComparison.Ordinal))
        {
            foreach (var responder in current.Responders)
            {
                var mail = responder.ContactMethods.FirstOrDefault(m => m.Type == ContactMethodType.Email && string.Equals(m.To, text, StringComparison.OrdinalIgnoreCase));
                if (mail is not null)
                {
                    return (responder, mail);
                }
            }

            return current.FindResponderBySignInEmail(text) is { } byEmail && byEmail.ContactMethods.FirstOrDefault(m => m.Type == ContactMethodType.Email) is { } first
                ? (byEmail, first)
                : null;
        }

        var found = current.FindResponder(text) ?? (ContactMethod.IsPhoneNumber(text) ? current.FindResponderByPhone(text) : null);
        return found is null ? null : (found, PhoneText(found));
    }

    [LoggerMessage(EventId = 4700, Level = LogLevel.Information, Message = "Sign-in code asked for a name no responder has")]
    private partial void LogUnknown();

    [LoggerMessage(EventId = 4701, Level = LogLevel.Information, Message = "Sign-in code for {Responder} by {Medium}: sent {Delivered}")]
    private partial void LogSent(string responder, string medium, bool delivered);
}

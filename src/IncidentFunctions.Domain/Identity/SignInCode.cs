using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Domain.Identity;

/// <summary>What checking a presented code found.</summary>
public enum SignInCodeCheck
{
    /// <summary>The code, in time, at the first use: the person is signed in.</summary>
    Accepted,

    /// <summary>Not the code; tries remain.</summary>
    Wrong,

    /// <summary>Not the code, and that was the last try: the code is spent.</summary>
    TooManyTries,

    /// <summary>Older than <see cref="SignInCode.Lifetime"/>.</summary>
    Expired,

    /// <summary>Accepted once already, or spent by wrong tries.</summary>
    Spent,

    /// <summary>Not six digits: not counted as a try (a typo in the form, not a guess).</summary>
    Malformed,
}

/// <summary>
/// A one-time sign-in code: six digits sent to one of the person's own contact methods, good for
/// <see cref="Lifetime"/>, <see cref="MaxTries"/> tries and one sign-in. Only a salted HMAC of it is kept, so the
/// stored record cannot be read back into the code; <see cref="Method"/> is the contact method it went to, so a
/// change to that method can end the sessions it opened.
/// </summary>
/// <param name="Responder">The responder it signs in (their configured name).</param>
/// <param name="Method">The contact method it was sent on, as configured ("sms:+1555…", "email:a@example.com").</param>
public sealed record SignInCode(string Responder, string Method, DateTimeOffset IssuedAt, byte[] Salt, byte[] Hash, int Tries, bool Used)
{
    public const int Digits = 6;
    public const int MaxTries = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public DateTimeOffset ExpiresAt => IssuedAt + Lifetime;

    /// <summary>A new code for <paramref name="responder"/>: the record to keep and the digits to send (never stored).</summary>
    public static (SignInCode Record, string Code) Issue(string responder, string method, DateTimeOffset now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        return (new SignInCode(responder, method, now, salt, Mac(salt, responder, code), Tries: 0, Used: false), code);
    }

    /// <summary>Checks <paramref name="presented"/> at <paramref name="now"/>: the outcome and the record as it must be kept.</summary>
    public (SignInCodeCheck Outcome, SignInCode Next) Check(string? presented, DateTimeOffset now)
    {
        var digits = presented?.Trim().Replace(" ", "", StringComparison.Ordinal) ?? "";
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return (SignInCodeCheck.Malformed, this);
        }

        if (Used || Tries >= MaxTries)
        {
            return (SignInCodeCheck.Spent, this);
        }

        if (now >= ExpiresAt)
        {
            return (SignInCodeCheck.Expired, this);
        }

        if (CryptographicOperations.FixedTimeEquals(Mac(Salt, Responder, digits), Hash))
        {
            return (SignInCodeCheck.Accepted, this with { Used = true });
        }

        var next = this with { Tries = Tries + 1 };
        return (next.Tries >= MaxTries ? SignInCodeCheck.TooManyTries : SignInCodeCheck.Wrong, next);
    }

    /// <summary>Tries left after the ones made; 0 once spent.</summary>
    public int TriesLeft => Used ? 0 : Math.Max(0, MaxTries - Tries);

    // Keyed by the salt, over the responder too: a record copied to another person's name does not verify.
    private static byte[] Mac(byte[] salt, string responder, string code) =>
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(responder + "\n" + code));
}

using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class GlobTests
{
    [Theory]
    [InlineData("CheckoutLatency*", "CheckoutLatencyHigh")]
    [InlineData("CheckoutLatency*", "CheckoutLatency")]          // * matches nothing at the end
    [InlineData("*Latency", "Latency")]                          // ... and at the start
    [InlineData("Checkout*Latency", "CheckoutLatency")]          // ... and in the middle
    [InlineData("*", "")]
    [InlineData("*", "anything at all")]
    [InlineData("**", "")]
    [InlineData("", "")]
    [InlineData("Instance*down", "Instance localhost:8081 down")]
    [InlineData("Instance*down", "InstanceDown")]
    [InlineData("Disk?Full", "Disk-Full")]
    [InlineData("Disk?Full", "Disk Full")]
    [InlineData("???", "abc")]
    [InlineData("a*b*c", "a-b-x-b-c")]                           // needs backtracking past the first b
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")]
    [InlineData("checkoutlatency*", "CHECKOUTLATENCYHIGH")]      // case is ignored both ways
    [InlineData("ÉTAT*", "état critique")]
    [InlineData("CPU ?", "CPU 🔥")]                              // ? is one character, even outside the BMP
    [InlineData("a.b", "a.b")]
    [InlineData("[prod]*", "[prod] down")]                       // brackets are literal
    [InlineData("^Disk$", "^Disk$")]                             // so are regex anchors
    public void A_glob_matches(string pattern, string text)
    {
        Assert.True(Glob.IsMatch(pattern, text));
    }

    [Theory]
    [InlineData("CheckoutLatency", "CheckoutLatencyHigh")]       // anchored at the end
    [InlineData("Latency*", "CheckoutLatency")]                  // anchored at the start
    [InlineData("Latency", "High Latency today")]
    [InlineData("Disk?Full", "DiskFull")]                        // ? needs exactly one character
    [InlineData("Disk?Full", "Disk--Full")]
    [InlineData("???", "ab")]
    [InlineData("", "x")]
    [InlineData("a*b*c", "a-b-x-b-")]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("a.b", "axb")]                                   // . is not a regex wildcard
    [InlineData("p[12]", "p1")]
    [InlineData("CPU ??", "CPU 🔥")]
    public void A_glob_does_not_match(string pattern, string text)
    {
        Assert.False(Glob.IsMatch(pattern, text));
    }
}

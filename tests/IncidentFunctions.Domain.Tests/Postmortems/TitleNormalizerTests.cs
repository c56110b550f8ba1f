using IncidentFunctions.Domain.Postmortems;

namespace IncidentFunctions.Domain.Tests.Postmortems;

public class TitleNormalizerTests
{
    [Theory]
    [InlineData("Instance localhost:8081 down", "instance localhost:<port> down")]
    [InlineData("Instance db-1.internal:5432 down", "instance db-<n>.internal:<port> down")]
    [InlineData("  Disk   FULL\ton  web ", "disk full on web")]
    [InlineData("High CPU on 10.0.3.17", "high cpu on <ip>")]
    [InlineData("High CPU on 10.0.3.17:9100.", "high cpu on <ip>")]
    [InlineData("Probe to fe80::1ff:fe23:4567:890a failed", "probe to <ip> failed")]
    [InlineData("Job 3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f failed", "job <uuid> failed")]
    [InlineData("Pod checkout-7d9f8b6c4 crashlooping", "pod checkout-<hex> crashlooping")]
    [InlineData("Segfault at 0xDEADBEEF", "segfault at <hex>")]
    [InlineData("Error rate 12.5% over 5m", "error rate <n>% over <n>m")]
    [InlineData("[FIRING:2] Checkout latency high!", "firing:<n>] checkout latency high")]
    [InlineData("-- Queue depth 1200 --", "queue depth <n>")]
    [InlineData("std::vector overflow", "std::vector overflow")]
    [InlineData("Deadbeef cafe added", "deadbeef cafe added")]
    [InlineData("", "")]
    public void Titles_are_reduced_to_their_shape(string title, string normalized)
    {
        Assert.Equal(normalized, TitleNormalizer.Normalize(title));
    }

    [Fact]
    public void Titles_that_differ_only_in_the_port_normalise_the_same()
    {
        Assert.Equal(TitleNormalizer.Normalize("Instance localhost:8081 down"), TitleNormalizer.Normalize("Instance localhost:8082 down"));
    }

    [Theory]
    [InlineData("Queue depth 1200")]
    [InlineData("Instance localhost:8081 down")]
    [InlineData("<n> errors on <ip>.")]
    [InlineData("High CPU on 10.0.3.17")]
    public void Normalising_twice_changes_nothing(string title)
    {
        var once = TitleNormalizer.Normalize(title);

        Assert.Equal(once, TitleNormalizer.Normalize(once));
    }
}

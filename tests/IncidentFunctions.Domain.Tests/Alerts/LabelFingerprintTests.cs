using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class LabelFingerprintTests
{
    [Fact]
    public void The_empty_label_set_hashes_to_the_fnv_offset_basis()
    {
        Assert.Equal("cbf29ce484222325", LabelFingerprint.Compute(new Dictionary<string, string>()));
    }

    [Fact]
    public void Matches_the_test_vector_of_prometheus_common()
    {
        // model.labelSetToFingerprint test: {"name": "garland, briggs", "fear": "love is not enough"} → 5799056148416392346.
        var labels = new Dictionary<string, string> { ["name"] = "garland, briggs", ["fear"] = "love is not enough" };

        Assert.Equal(5799056148416392346UL.ToString("x16"), LabelFingerprint.Compute(labels));
    }

    [Fact]
    public void Label_order_does_not_matter()
    {
        var a = new[] { KeyValuePair.Create("b", "2"), KeyValuePair.Create("a", "1") };
        var b = new[] { KeyValuePair.Create("a", "1"), KeyValuePair.Create("b", "2") };

        Assert.Equal(LabelFingerprint.Compute(a), LabelFingerprint.Compute(b));
    }

    [Fact]
    public void The_separator_keeps_name_and_value_boundaries_apart()
    {
        var joined = new Dictionary<string, string> { ["ab"] = "c" };
        var split = new Dictionary<string, string> { ["a"] = "bc" };

        Assert.NotEqual(LabelFingerprint.Compute(joined), LabelFingerprint.Compute(split));
    }

    [Fact]
    public void Names_sort_by_their_utf8_bytes_as_go_does()
    {
        // U+FFFF sorts after U+10000 in UTF-16 ordinal order but before it in UTF-8; the value was computed with Go's order.
        var labels = new Dictionary<string, string> { ["\uffff"] = "a", ["\U00010000"] = "b" };

        Assert.Equal("bbe5e6bec2012269", LabelFingerprint.Compute(labels));
    }
}

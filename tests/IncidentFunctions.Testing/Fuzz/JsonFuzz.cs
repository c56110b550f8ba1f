using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace IncidentFunctions.Testing.Fuzz;

/// <summary>
/// Request bodies for fuzzing JSON endpoints: valid bodies mutated at one place (a value of the wrong type, out of range,
/// huge, deeply nested, invalid UTF-8, a lone surrogate, a duplicate key, removed…), byte-level damage (truncation,
/// stray bytes), and junk. Generated from small integers, so CsCheck shrinks a failure to the simplest damage to the
/// simplest place; <see cref="Show"/> prints the body itself.
/// </summary>
public static class JsonFuzz
{
    /// <summary>Replacement values, as raw JSON text: wrong types, edge numbers, odd strings, injection attempts.</summary>
    public static readonly string[] OddValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "2147483648", "4294967296", "\"\"", "\" \"", "[]", "{}", "[null]", "[{}]", "[[]]",
        "[\"\"]", "[1,2,3]", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\u0000\"", "\"\\n\\r\\t\"", "\"\\u202e\"",
        "\"</Message><Redirect>http://evil.example/</Redirect><Message>\"", "\"<script>alert(1)</script>\"",
        "\"\\\"><img src=x onerror=alert(1)>\"", "\"]]><x>\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59-14:00\"",
        "\"2024-02-30T25:61:61Z\"", "\"-2024-01-01T00:00:00Z\"", "\"1e400\"", "\"NaN\"", "\"SEV1\"", "\"firing\"", "\"resolved\"",
        "\"trigger\"", "\"acknowledge\"", "\"resolve\"", "\"Alice\"", "\"users\"", "\"javascript:alert(1)\"", "\"https://\"",
        "\"../../etc/passwd\"", "\"%00\"", "\"𝕏😀\"",
    ];

    /// <summary>Raw bytes that are not valid UTF-8 (lone continuation, truncated sequence, overlong, an encoded surrogate, 0xFF).</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xC3, 0x28], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF4, 0x90, 0x80, 0x80],
    ];

    private static readonly int[] HugeLengths = [1_000, 5_000, 40_000, 70_000, 300_000];

    private static readonly int[] Depths = [17, 65, 1_000];

    private const string Sentinel = "\u0001fuzz-sentinel\u0001";

    /// <summary>Mutations of <paramref name="valid"/> bodies (most of the cases), plus junk.</summary>
    public static Gen<byte[]> Bodies(IReadOnlyList<string> valid) =>
        Gen.Frequency(
            (6, Structural(valid)),
            (2, ByteLevel(valid)),
            (1, Junk));

    /// <summary>One change at one node of one valid body.</summary>
    public static Gen<byte[]> Structural(IReadOnlyList<string> valid) =>
        Gen.Select(Gen.Int[0, valid.Count - 1], Gen.Int[0, 10_000], Gen.Int[0, 8], Gen.Int[0, 10_000])
            .Select((body, node, kind, arg) => Mutate(valid[body], node, kind, arg));

    /// <summary>Truncation, a stray byte, a removed slice, invalid UTF-8 spliced in anywhere.</summary>
    public static Gen<byte[]> ByteLevel(IReadOnlyList<string> valid) =>
        Gen.Select(Gen.Int[0, valid.Count - 1], Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Byte)
            .Select((body, kind, at, b) => Damage(Encoding.UTF8.GetBytes(valid[body]), kind, at, b));

    /// <summary>Random bytes, random text, and JSON-ish character soup.</summary>
    public static readonly Gen<byte[]> Junk = Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Gen.String.Select(s => Encoding.UTF8.GetBytes(s)),
        Gen.Char["{}[]\":,0123456789.eE+-truefalsn \\u"].Array[0, 200].Select(c => Encoding.UTF8.GetBytes(new string(c))));

    /// <summary>For CsCheck's failure report: the body as text (invalid UTF-8 shown as U+FFFD), cut at 2 000 characters.</summary>
    public static string Show(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return $"({body.Length} bytes) " + (text.Length <= 2_000 ? text : text[..2_000] + "…");
    }

    public static byte[] Mutate(string validJson, int node, int kind, int arg)
    {
        var root = JsonNode.Parse(validJson)!;
        var slots = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return Encoding.UTF8.GetBytes(OddValues[arg % OddValues.Length]);
        }

        var (parent, name, index) = slots[node % slots.Count];
        var original = name is not null ? parent[name] : parent[index];
        var originalText = original?.ToJsonString() ?? "null";
        if (kind == 1)
        {
            // Removed: a required field goes missing, an array gets shorter (possibly empty).
            if (name is not null)
            {
                parent.AsObject().Remove(name);
            }
            else
            {
                parent.AsArray().RemoveAt(index);
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        // Everything else splices raw bytes in place of the value, which JsonNode could not represent (bad UTF-8, duplicates).
        if (name is not null)
        {
            parent[name] = Sentinel;
        }
        else
        {
            parent[index] = Sentinel;
        }

        var text = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var marker = JsonSerializer.Serialize(Sentinel, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var before = Encoding.UTF8.GetBytes(text[..at]);
        var after = Encoding.UTF8.GetBytes(text[(at + marker.Length)..]);
        byte[] value = kind switch
        {
            0 => Encoding.UTF8.GetBytes(OddValues[arg % OddValues.Length]),
            2 => Encoding.UTF8.GetBytes(HugeString(arg)),
            3 => Encoding.UTF8.GetBytes(Deep(arg)),
            4 => StringWith(InvalidUtf8[arg % InvalidUtf8.Length], originalText),
            // Duplicate key: the original value, then the same name again with an odd value (objects only).
            5 when name is not null => Encoding.UTF8.GetBytes(originalText + "," + JsonSerializer.Serialize(name) + ":" + OddValues[arg % OddValues.Length]),
            6 => Encoding.UTF8.GetBytes("[" + originalText + "]"),
            7 => Encoding.UTF8.GetBytes("{\"value\":" + originalText + "}"),
            _ => Encoding.UTF8.GetBytes(originalText + (arg % 2 == 0 ? "" : " ")),
        };
        return [.. before, .. value, .. after];
    }

    public static byte[] Damage(byte[] body, int kind, int at, byte b)
    {
        var i = body.Length == 0 ? 0 : at % body.Length;
        return kind switch
        {
            0 => body[..i],
            1 => [.. body[..i], b, .. body[i..]],
            2 => [.. body[..i], .. body[Math.Min(body.Length, i + 1 + (at % 7))..]],
            _ => [.. body[..i], .. InvalidUtf8[at % InvalidUtf8.Length], .. body[i..]],
        };
    }

    /// <summary>A long string of ASCII, of multi-byte characters, or of surrogate pairs (so a cut can split a pair).</summary>
    private static string HugeString(int arg)
    {
        var length = HugeLengths[arg % HugeLengths.Length];
        var unit = (arg / HugeLengths.Length % 3) switch { 0 => "x", 1 => "é", _ => "😀" };
        var s = new StringBuilder(length * unit.Length + 2).Append('"');
        // One ASCII character first when pairs are used, so the pairs straddle every even length limit.
        if (unit.Length == 2)
        {
            s.Append('a');
        }

        for (var n = 0; n < length; n++)
        {
            s.Append(unit);
        }

        return s.Append('"').ToString();
    }

    private static string Deep(int arg)
    {
        var depth = Depths[arg % Depths.Length];
        return arg / Depths.Length % 2 == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static byte[] StringWith(byte[] bad, string originalText)
    {
        // Inside the original string when it was one, so the field's name and shape stay right and only its bytes are bad.
        var inner = originalText.Length >= 2 && originalText[0] == '"' ? originalText[1..^1] : "x";
        var half = inner.Length / 2;
        return [(byte)'"', .. Encoding.UTF8.GetBytes(inner[..half]), .. bad, .. Encoding.UTF8.GetBytes(inner[half..]), (byte)'"'];
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    slots.Add((o, name, -1));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, null, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }
}

using System.Text;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// Shell-style wildcard matching as playbooks use it: <c>*</c> matches any run of characters (also none),
/// <c>?</c> exactly one, everything else itself, ignoring case. The pattern must match the whole text (it is anchored
/// at both ends). There is no escaping and there are no character classes: <c>[</c>, <c>.</c>, <c>^</c> are literal.
/// Characters are Unicode scalar values, so <c>?</c> matches one emoji, not half of one.
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        var p = Folded(pattern);
        var t = Folded(text);

        // Greedy with one backtrack point (the last '*'): linear in practice, never exponential.
        int pi = 0, ti = 0, star = -1, starText = 0;
        while (ti < t.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                star = pi++;
                starText = ti;
            }
            else if (pi < p.Length && (p[pi] == '?' || p[pi] == t[ti]))
            {
                pi++;
                ti++;
            }
            else if (star >= 0)
            {
                // Let the last '*' swallow one more character and retry from just after it.
                pi = star + 1;
                ti = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }

        return pi == p.Length;
    }

    private static int[] Folded(string text)
    {
        var runes = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(Rune.ToUpperInvariant(rune).Value);
        }

        return [.. runes];
    }
}

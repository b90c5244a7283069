using System.Globalization;
using System.Text;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// Generated JSON, whole and broken, for the tests that hold a hand-written reader to Utf8JsonReader's verdict
/// (<see cref="Contracts.JsonSyntaxTests"/>, <see cref="ChunkFactsTests"/>): values of every type with odd numbers, escapes and
/// whitespace, objects with members in random order (some repeated, some extra, a name now and then escaped), and
/// one to three byte edits.
/// </summary>
internal static class JsonSamples
{
    private static readonly string[] Spaces = ["", "", "", "", "", " ", "\n", "\t", "\r\n", "  "];

    internal static string Space(Random random) => Spaces[random.Next(Spaces.Length)];

    /// <summary>A name as written: mostly plain, sometimes one character escaped.</summary>
    internal static void WriteName(StringBuilder text, Random random, string name)
    {
        text.Append(Space(random)).Append('"');
        if (random.Next(30) == 0 && name.Length > 0)
        {
            var at = random.Next(name.Length);
            text.Append(name, 0, at).Append(CultureInfo.InvariantCulture, $"\\u{(int)name[at]:x4}").Append(name, at + 1, name.Length - at - 1);
        }
        else
        {
            text.Append(name);
        }

        text.Append('"').Append(Space(random)).Append(':').Append(Space(random));
    }

    /// <summary>An object of the given members in random order, some left out, some repeated, some extra.</summary>
    internal static void WriteObject(StringBuilder text, Random random, (string Name, Action Value)[] members)
    {
        var chosen = members.Where(_ => random.Next(5) > 0).ToList();
        if (random.Next(8) == 0 && members.Length > 0)
        {
            chosen.Add(members[random.Next(members.Length)]); // a repeated name
        }

        if (random.Next(4) == 0)
        {
            chosen.Add(("extra" + random.Next(3), () => WriteValue(text, random, 2)));
        }

        chosen = [.. chosen.OrderBy(_ => random.Next())];
        text.Append(Space(random)).Append('{');
        for (var n = 0; n < chosen.Count; n++)
        {
            WriteName(text, random, chosen[n].Name);
            chosen[n].Value();
            text.Append(Space(random)).Append(n < chosen.Count - 1 ? "," : "");
        }

        text.Append(Space(random)).Append('}');
    }

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "7", "412", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "1234567890123456789",
        "1.0", "0.5", "1e3", "2E+1", "-0.0", "1e-3",
    ];

    internal static string Number(Random random) =>
        random.Next(3) == 0 ? Numbers[random.Next(Numbers.Length)] : random.Next(0, 100000).ToString(CultureInfo.InvariantCulture);

    internal static void WriteNumber(StringBuilder text, Random random) => text.Append(Number(random));

    private static readonly string[] Pieces = ["a", "content", " ", "é", "中文", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\uD83D\\uDE00", "\\t", "x y", "Hello", " world"];

    internal static void WriteString(StringBuilder text, Random random)
    {
        text.Append('"');
        for (var n = random.Next(4); n > 0; n--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        text.Append('"');
    }

    internal static void WriteValue(StringBuilder text, Random random, int depth)
    {
        text.Append(Space(random));
        switch (random.Next(depth > 3 ? 4 : 6))
        {
            case 0:
                text.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 1:
                WriteNumber(text, random);
                break;
            case 2:
            case 3:
                WriteString(text, random);
                break;
            case 4:
                text.Append('[');
                for (var n = random.Next(3); n >= 0 && random.Next(4) > 0; n--)
                {
                    WriteValue(text, random, depth + 1);
                    text.Append(n > 0 ? "," : "");
                }

                text.Append(Space(random)).Append(']');
                break;
            default:
                var names = new[] { "content", "id", "index", "delta", "a", "usage" };
                WriteObject(text, random, [.. names.Take(random.Next(names.Length)).Select(name => (name, (Action)(() => WriteValue(text, random, depth + 1))))]);
                break;
        }

        text.Append(Space(random));
    }

    private static readonly byte[] Interesting = "{}[]\",:\\ 0123456789eE+-.tfnulr\t\n\r/"u8.ToArray();

    /// <summary>One to three edits: a byte replaced, deleted or inserted (structural, control, non-ASCII), a cut, a doubled piece.</summary>
    public static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = list.Count == 0 ? 0 : random.Next(list.Count);
            byte Pick() => random.Next(6) switch
            {
                0 => (byte)random.Next(0, 32),
                1 => (byte)random.Next(0x80, 0x100),
                _ => Interesting[random.Next(Interesting.Length)],
            };

            switch (random.Next(5))
            {
                case 0 when list.Count > 0:
                    list[at] = Pick();
                    break;
                case 1 when list.Count > 0:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, Pick());
                    break;
                case 3 when list.Count > 0:
                    list.RemoveRange(at, list.Count - at);
                    break;
                default:
                    if (list.Count > 1)
                    {
                        var length = random.Next(1, Math.Min(8, list.Count - at) + 1);
                        list.InsertRange(at, list.GetRange(at, Math.Min(length, list.Count - at)));
                    }

                    break;
            }
        }

        return [.. list];
    }
}

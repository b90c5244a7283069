using System.Runtime.CompilerServices;
using static Gateway.Contracts.JsonSyntax;

namespace Gateway.Forwarding;

/// <summary>
/// <see cref="ChunkFacts.Read"/>'s fast path: one pass over a chunk's bytes that validates it as
/// <see cref="JsonSyntax"/> does (strings skipped sixteen bytes at a time, nothing tokenized, nothing decoded) and, at
/// the few paths a chunk's facts live on, notes them with the reader's ranges and values. Where the reader's meaning
/// would take more than a byte comparison (a property name with an escape on a known path, a fraction or an exponent
/// where an integer is read) it answers <see langword="null"/> and the chunk is read again with the reader; tests hold
/// the two to the same answer on every input.
/// </summary>
internal static class ChunkFactsScanner
{
    private const int Unsure = -2;

    /// <summary>
    /// Whether <paramref name="json"/> is exactly one JSON value, its facts noted in <paramref name="facts"/> (which
    /// starts as default); <see langword="null"/> when the reader must decide. Facts are meaningless unless true.
    /// </summary>
    public static bool? Read(ReadOnlySpan<byte> json, ref ChunkFacts facts)
    {
        var at = SkipSpace(json, 0);
        if (at >= json.Length)
        {
            return false;
        }

        at = json[at] == (byte)'{' ? Members(json, at + 1, Place.Root, ref facts) : SkipValue(json, at, 0);
        if (at < 0)
        {
            return at == Invalid ? false : null;
        }

        return SkipSpace(json, at) == json.Length;
    }

    /// <summary>A member of the chunk itself (depth 1).</summary>
    private static int RootMember(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> name, ref ChunkFacts facts)
    {
        var start = at;
        if (name.SequenceEqual("id"u8))
        {
            at = SkipValue(json, at, 1);
            facts.Id = (start, at - start);
        }
        else if (name.SequenceEqual("model"u8))
        {
            at = SkipValue(json, at, 1);
            facts.Model = (start, at - start);
        }
        else if (name.SequenceEqual("created"u8))
        {
            at = SkipValue(json, at, 1);
            facts.Created = (start, at - start);
        }
        else if (name.SequenceEqual("choices"u8))
        {
            at = json[at] == (byte)'[' ? Choices(json, at + 1, ref facts) : SkipValue(json, at, 1);
        }
        else if (name.SequenceEqual("usage"u8))
        {
            if (json[at] == (byte)'{')
            {
                facts.Usage = true;
                at = Members(json, at + 1, Place.Usage, ref facts);
            }
            else
            {
                at = SkipValue(json, at, 1);
            }
        }
        else if (name.SequenceEqual("error"u8))
        {
            facts.Error = json[at] == (byte)'{';
            at = SkipValue(json, at, 1);
        }
        else
        {
            at = SkipValue(json, at, 1);
        }

        return at;
    }

    /// <summary>Where an object of a chunk sits, which says what its members mean.</summary>
    private enum Place
    {
        Root,
        Choice,
        Delta,
        Usage,
    }

    /// <summary>The members of an object at <paramref name="place"/>, from just after its <c>{</c>; the position after its <c>}</c>.</summary>
    private static int Members(ReadOnlySpan<byte> json, int at, Place place, ref ChunkFacts facts)
    {
        at = SkipSpace(json, at);
        if (at < json.Length && json[at] == (byte)'}')
        {
            return at + 1;
        }

        while (true)
        {
            at = Member(json, at, out var name);
            if (at < 0)
            {
                return at;
            }

            at = place switch
            {
                Place.Root => RootMember(json, at, name, ref facts),
                Place.Choice => ChoiceMember(json, at, name, ref facts),
                Place.Delta => DeltaMember(json, at, name, ref facts),
                _ => UsageMember(json, at, name, ref facts),
            };

            if (at < 0)
            {
                return at;
            }

            var next = After(json, ref at, (byte)'}');
            if (next <= 0)
            {
                return next < 0 ? next : at;
            }
        }
    }

    /// <summary>The elements of <c>choices</c> (depth 2), from just after its <c>[</c>.</summary>
    private static int Choices(ReadOnlySpan<byte> json, int at, ref ChunkFacts facts)
    {
        at = SkipSpace(json, at);
        if (at < json.Length && json[at] == (byte)']')
        {
            return at + 1;
        }

        while (true)
        {
            if (at >= json.Length)
            {
                return Invalid;
            }

            at = json[at] == (byte)'{' ? Members(json, at + 1, Place.Choice, ref facts) : SkipValue(json, at, 2);
            if (at < 0)
            {
                return at;
            }

            var next = After(json, ref at, (byte)']');
            if (next <= 0)
            {
                return next < 0 ? next : at;
            }
        }
    }

    /// <summary>A member of one choice (depth 3).</summary>
    private static int ChoiceMember(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> name, ref ChunkFacts facts)
    {
        if (name.SequenceEqual("index"u8) && IsNumberStart(json[at]))
        {
            at = Integer(json, at, out var index, out var fits);
            facts.OtherChoice |= !fits || index is not 0; // any index but 0, in an int or not
        }
        else if (name.SequenceEqual("delta"u8))
        {
            at = json[at] == (byte)'{' ? Members(json, at + 1, Place.Delta, ref facts) : SkipValue(json, at, 3);
        }
        else if (name.SequenceEqual("text"u8))
        {
            at = Text(json, at, 3, ref facts.Content);
        }
        else if (name.SequenceEqual("finish_reason"u8))
        {
            facts.Finished |= json[at] == (byte)'"';
            at = SkipValue(json, at, 3);
        }
        else
        {
            at = SkipValue(json, at, 3);
        }

        return at;
    }

    /// <summary>A member of a choice's <c>delta</c> (depth 4).</summary>
    private static int DeltaMember(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> name, ref ChunkFacts facts)
    {
        var start = at;
        if (name.SequenceEqual("content"u8))
        {
            at = Text(json, at, 4, ref facts.Content);
        }
        else if (name.SequenceEqual("reasoning_content"u8) || name.SequenceEqual("reasoning"u8))
        {
            at = SkipValue(json, at, 4);
            facts.Reasoning |= json[start] == (byte)'"' && at - start > 2;
        }
        else if (name.SequenceEqual("refusal"u8))
        {
            at = SkipValue(json, at, 4);
            facts.Refusal |= json[start] == (byte)'"' && at - start > 2;
        }
        else if (name.SequenceEqual("tool_calls"u8) || name.SequenceEqual("function_call"u8))
        {
            facts.ToolCalls |= json[at] is (byte)'[' or (byte)'{';
            at = SkipValue(json, at, 4);
        }
        else
        {
            at = SkipValue(json, at, 4);
        }

        return at;
    }

    /// <summary>A member of the chunk's <c>usage</c> (depth 2).</summary>
    private static int UsageMember(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> name, ref ChunkFacts facts)
    {
        var count = name.SequenceEqual("completion_tokens"u8) ? 1 : name.SequenceEqual("total_tokens"u8) ? 2 : name.SequenceEqual("prompt_tokens"u8) ? 3 : 0;
        if (count != 0 && IsNumberStart(json[at]))
        {
            var start = at;
            at = Integer(json, at, out var value, out var fits);
            if (at >= 0 && fits)
            {
                switch (count)
                {
                    case 1:
                        (facts.CompletionTokens, facts.CompletionTokensValue) = ((start, at - start), value);
                        break;
                    case 2:
                        (facts.TotalTokens, facts.TotalTokensValue) = ((start, at - start), value);
                        break;
                    default:
                        facts.PromptTokensValue = value;
                        break;
                }
            }
        }
        else
        {
            at = SkipValue(json, at, 2);
        }

        return at;
    }

    /// <summary>A text value: a string's range (quotes included), else what was found before stays.</summary>
    private static int Text(ReadOnlySpan<byte> json, int at, int depth, ref (int Start, int Length) content)
    {
        if (json[at] != (byte)'"')
        {
            return SkipValue(json, at, depth);
        }

        var end = SkipString(json, at + 1);
        if (end >= 0)
        {
            content = (at, end - at);
        }

        return end;
    }

    /// <summary>
    /// A plain integer's value (<c>-?(0|[1-9][0-9]*)</c>) and whether it fits a long; <see cref="Unsure"/> when a
    /// fraction or an exponent follows (the reader's conversion decides those).
    /// </summary>
    private static int Integer(ReadOnlySpan<byte> json, int at, out long value, out bool fits)
    {
        value = 0;
        fits = false;
        var negative = json[at] == (byte)'-';
        if (negative)
        {
            at++;
        }

        var first = at;
        if (at >= json.Length || !IsDigit(json[at]))
        {
            return Invalid;
        }

        ulong magnitude = 0;
        if (json[at++] != (byte)'0')
        {
            magnitude = (ulong)(json[at - 1] - '0');
            while (at < json.Length && IsDigit(json[at]))
            {
                if (at - first < 19)
                {
                    magnitude = (magnitude * 10) + (ulong)(json[at] - '0');
                }

                at++;
            }
        }

        if (at < json.Length && json[at] is (byte)'.' or (byte)'e' or (byte)'E')
        {
            return Unsure;
        }

        // Nineteen digits at most fit a ulong; a long holds up to 2^63 - 1, or 2^63 when negative.
        if (at - first <= 19 && magnitude <= (negative ? 1UL << 63 : long.MaxValue))
        {
            fits = true;
            value = unchecked(negative ? (long)(0 - magnitude) : (long)magnitude);
        }

        return at;
    }

    /// <summary>
    /// A member's name (not unescaped: an escape on a known path is <see cref="Unsure"/>), its colon and the spaces
    /// around; the position of its value, which is within the data.
    /// </summary>
    private static int Member(ReadOnlySpan<byte> json, int at, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (at >= json.Length || json[at] != (byte)'"')
        {
            return Invalid;
        }

        var end = NameEnd(json, at + 1);
        if (end < 0)
        {
            return end;
        }

        name = json[(at + 1)..end];
        at = SkipSpace(json, end + 1);
        if (at >= json.Length || json[at] != (byte)':')
        {
            return Invalid;
        }

        at = SkipSpace(json, at + 1);
        return at < json.Length ? at : Invalid;
    }

    /// <summary>
    /// After a member or an element: 1 with <paramref name="at"/> on the next one, 0 with it just after the container's
    /// closing byte, <see cref="Invalid"/> otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int After(ReadOnlySpan<byte> json, ref int at, byte close)
    {
        var i = SkipSpace(json, at);
        if (i < json.Length)
        {
            if (json[i] == (byte)',')
            {
                at = SkipSpace(json, i + 1);
                return 1;
            }

            if (json[i] == close)
            {
                at = i + 1;
                return 0;
            }
        }

        return Invalid;
    }

    /// <summary>The closing quote of a name whose opening quote is just before <paramref name="at"/>.</summary>
    private static int NameEnd(ReadOnlySpan<byte> json, int at)
    {
        at = NextStringStop(json, at);
        if (at < 0)
        {
            return Invalid;
        }

        return json[at] switch
        {
            (byte)'"' => at,
            (byte)'\\' => Unsure,
            _ => Invalid,
        };
    }

    private static bool IsNumberStart(byte b) => b == (byte)'-' || IsDigit(b);
}

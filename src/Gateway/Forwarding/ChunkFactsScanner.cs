using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    private const int Invalid = -1;
    private const int Unsure = -2;

    private static readonly Vector128<byte> Quote = Vector128.Create((byte)'"');
    private static readonly Vector128<byte> Backslash = Vector128.Create((byte)'\\');
    private static readonly Vector128<byte> Space = Vector128.Create((byte)' ');

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

        at = json[at] == (byte)'{' ? Root(json, at + 1, ref facts) : SkipValue(json, at, 0);
        if (at < 0)
        {
            return at == Invalid ? false : null;
        }

        return SkipSpace(json, at) == json.Length;
    }

    private static int Root(ReadOnlySpan<byte> json, int at, ref ChunkFacts facts)
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
                    at = Usage(json, at + 1, ref facts);
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

            at = json[at] == (byte)'{' ? Choice(json, at + 1, ref facts) : SkipValue(json, at, 2);
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

    /// <summary>One choice (depth 3), from just after its <c>{</c>.</summary>
    private static int Choice(ReadOnlySpan<byte> json, int at, ref ChunkFacts facts)
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

            if (name.SequenceEqual("index"u8) && IsNumberStart(json[at]))
            {
                at = Integer(json, at, out var index, out var fits);
                facts.OtherChoice |= !fits || index is not 0; // any index but 0, in an int or not
            }
            else if (name.SequenceEqual("delta"u8))
            {
                at = json[at] == (byte)'{' ? Delta(json, at + 1, ref facts) : SkipValue(json, at, 3);
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

    /// <summary>A choice's <c>delta</c> (depth 4), from just after its <c>{</c>.</summary>
    private static int Delta(ReadOnlySpan<byte> json, int at, ref ChunkFacts facts)
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

    /// <summary>The root's <c>usage</c> (depth 2), from just after its <c>{</c>.</summary>
    private static int Usage(ReadOnlySpan<byte> json, int at, ref ChunkFacts facts)
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
        ref var first = ref MemoryMarshal.GetReference(json);
        if (Vector128.IsHardwareAccelerated)
        {
            while (at + Vector128<byte>.Count <= json.Length)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector128.Equals(bytes, Quote) | Vector128.Equals(bytes, Backslash) | Vector128.LessThan(bytes, Space);
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    at += BitOperations.TrailingZeroCount(mask);
                    goto Stop;
                }

                at += Vector128<byte>.Count;
            }
        }

        while (at < json.Length && !IsStringStop(json[at]))
        {
            at++;
        }

        if (at >= json.Length)
        {
            return Invalid;
        }

    Stop:
        return json[at] switch
        {
            (byte)'"' => at,
            (byte)'\\' => Unsure,
            _ => Invalid,
        };
    }

    /// <summary>Any value at <paramref name="at"/> inside <paramref name="outer"/> open containers; the position just after it.</summary>
    private static int SkipValue(ReadOnlySpan<byte> json, int at, int outer)
    {
        if (at >= json.Length)
        {
            return Invalid;
        }

        return json[at] switch
        {
            (byte)'"' => SkipString(json, at + 1),
            (byte)'{' or (byte)'[' => SkipContainer(json, at, outer),
            (byte)'t' => Literal(json, at, "true"u8),
            (byte)'f' => Literal(json, at, "false"u8),
            (byte)'n' => Literal(json, at, "null"u8),
            _ => SkipNumber(json, at),
        };
    }

    /// <summary><see cref="JsonSyntax.IsValid"/>'s walk over one object or array, counting the containers around it.</summary>
    private static int SkipContainer(ReadOnlySpan<byte> json, int at, int outer)
    {
        // One bit per container opened here: set for an object, clear for an array.
        Span<ulong> objects = stackalloc ulong[(JsonSyntax.MaxDepth + 63) / 64];
        var depth = 0;

    Value:
        if (at >= json.Length)
        {
            return Invalid;
        }

        switch (json[at])
        {
            case (byte)'{':
                if (outer + depth == JsonSyntax.MaxDepth)
                {
                    return Invalid;
                }

                objects[depth >> 6] |= 1UL << (depth & 63);
                depth++;
                at = SkipSpace(json, at + 1);
                if (at < json.Length && json[at] == (byte)'}')
                {
                    depth--;
                    at++;
                    goto After;
                }

                goto Member;
            case (byte)'[':
                if (outer + depth == JsonSyntax.MaxDepth)
                {
                    return Invalid;
                }

                objects[depth >> 6] &= ~(1UL << (depth & 63));
                depth++;
                at = SkipSpace(json, at + 1);
                if (at < json.Length && json[at] == (byte)']')
                {
                    depth--;
                    at++;
                    goto After;
                }

                goto Value;
            case (byte)'"':
                at = SkipString(json, at + 1);
                break;
            case (byte)'t':
                at = Literal(json, at, "true"u8);
                break;
            case (byte)'f':
                at = Literal(json, at, "false"u8);
                break;
            case (byte)'n':
                at = Literal(json, at, "null"u8);
                break;
            default:
                at = SkipNumber(json, at);
                break;
        }

        if (at < 0)
        {
            return Invalid;
        }

    After:
        if (depth == 0)
        {
            return at;
        }

        at = SkipSpace(json, at);
        if (at >= json.Length)
        {
            return Invalid;
        }

        var inObject = (objects[(depth - 1) >> 6] & (1UL << ((depth - 1) & 63))) != 0;
        switch (json[at])
        {
            case (byte)',':
                at = SkipSpace(json, at + 1);
                if (inObject)
                {
                    goto Member;
                }

                goto Value;
            case (byte)'}' when inObject:
            case (byte)']' when !inObject:
                depth--;
                at++;
                goto After;
            default:
                return Invalid;
        }

    Member:
        if (at >= json.Length || json[at] != (byte)'"')
        {
            return Invalid;
        }

        at = SkipString(json, at + 1);
        if (at < 0)
        {
            return Invalid;
        }

        at = SkipSpace(json, at);
        if (at >= json.Length || json[at] != (byte)':')
        {
            return Invalid;
        }

        at = SkipSpace(json, at + 1);
        goto Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> json, int at)
    {
        if (at < json.Length && json[at] > (byte)' ')
        {
            return at; // compact JSON, as providers send it
        }

        while (at < json.Length && json[at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            at++;
        }

        return at;
    }

    /// <summary>From just after an opening quote to just after the closing one; <see cref="Invalid"/> when the string is not well formed.</summary>
    private static int SkipString(ReadOnlySpan<byte> json, int at)
    {
        ref var first = ref MemoryMarshal.GetReference(json);
        while (true)
        {
            if (Vector128.IsHardwareAccelerated)
            {
                while (at + Vector128<byte>.Count <= json.Length)
                {
                    var bytes = Vector128.LoadUnsafe(ref first, (nuint)at);
                    var stops = Vector128.Equals(bytes, Quote) | Vector128.Equals(bytes, Backslash) | Vector128.LessThan(bytes, Space);
                    var mask = stops.ExtractMostSignificantBits();
                    if (mask != 0)
                    {
                        at += BitOperations.TrailingZeroCount(mask);
                        goto Stop;
                    }

                    at += Vector128<byte>.Count;
                }
            }

            while (at < json.Length && !IsStringStop(json[at]))
            {
                at++;
            }

            if (at >= json.Length)
            {
                return Invalid;
            }

        Stop:
            switch (json[at])
            {
                case (byte)'"':
                    return at + 1;
                case (byte)'\\':
                    if (at + 1 >= json.Length)
                    {
                        return Invalid;
                    }

                    switch (json[at + 1])
                    {
                        case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                            at += 2;
                            break;
                        case (byte)'u':
                            if (at + 6 > json.Length || !IsHex(json[at + 2]) || !IsHex(json[at + 3]) || !IsHex(json[at + 4]) || !IsHex(json[at + 5]))
                            {
                                return Invalid;
                            }

                            at += 6;
                            break;
                        default:
                            return Invalid;
                    }

                    break;
                default:
                    return Invalid; // a raw control character
            }
        }
    }

    /// <summary><c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>; <see cref="Invalid"/> when what is there is not that.</summary>
    private static int SkipNumber(ReadOnlySpan<byte> json, int at)
    {
        if (json[at] == (byte)'-')
        {
            at++;
        }

        if (at >= json.Length || !IsDigit(json[at]))
        {
            return Invalid;
        }

        if (json[at++] != (byte)'0')
        {
            at = SkipDigits(json, at);
        }

        if (at < json.Length && json[at] == (byte)'.')
        {
            var digits = SkipDigits(json, at + 1);
            if (digits == at + 1)
            {
                return Invalid;
            }

            at = digits;
        }

        if (at < json.Length && json[at] is (byte)'e' or (byte)'E')
        {
            at++;
            if (at < json.Length && json[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            var digits = SkipDigits(json, at);
            if (digits == at)
            {
                return Invalid;
            }

            at = digits;
        }

        return at;
    }

    private static int SkipDigits(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && IsDigit(json[at]))
        {
            at++;
        }

        return at;
    }

    private static int Literal(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> literal) =>
        json[at..].StartsWith(literal) ? at + literal.Length : Invalid;

    private static bool IsNumberStart(byte b) => b == (byte)'-' || IsDigit(b);

    private static bool IsStringStop(byte b) => b < 0x20 || b == (byte)'"' || b == (byte)'\\';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.Contracts;

/// <summary>
/// Whether bytes are exactly one JSON value (RFC 8259, as <see cref="System.Text.Json.Utf8JsonReader"/> reads it with
/// its defaults: no comments, no trailing commas, depth at most <see cref="MaxDepth"/>), without tokenizing: the
/// inside of each string is skipped sixteen bytes at a time up to its end, an escape or a control character, and
/// nothing is decoded. Every event of a released stream passes through here (the stream guard, in Forwarding), so this
/// is the guard's per-event cost: a fraction of a reader's, which keeps a token type, a depth bit stack and a position
/// per token. Tests hold it to the reader's verdict on every input, valid and broken alike.
/// </summary>
internal static class JsonSyntax
{
    /// <summary>The nesting the gateway accepts in an upstream event, as the guard's reader did.</summary>
    public const int MaxDepth = 128;

    private static readonly Vector128<byte> Quote = Vector128.Create((byte)'"');
    private static readonly Vector128<byte> Backslash = Vector128.Create((byte)'\\');
    private static readonly Vector128<byte> Space = Vector128.Create((byte)' ');


    /// <summary>What a walk answers when the bytes are not well formed.</summary>
    internal const int Invalid = -1;

    public static bool IsValid(ReadOnlySpan<byte> json)
    {
        var at = SkipValue(json, SkipSpace(json, 0), 0);
        return at >= 0 && SkipSpace(json, at) == json.Length;
    }

    /// <summary>Any value at <paramref name="at"/> inside <paramref name="outer"/> open containers; the position just after it.</summary>
    internal static int SkipValue(ReadOnlySpan<byte> json, int at, int outer)
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

    /// <summary>One object or array at <paramref name="at"/> inside <paramref name="outer"/> open containers; the position just after it.</summary>
    internal static int SkipContainer(ReadOnlySpan<byte> json, int at, int outer)
    {
        // One bit per container opened here: set for an object, clear for an array.
        Span<ulong> objects = stackalloc ulong[(MaxDepth + 63) / 64];
        var depth = 0;

    Value:
        if (at >= json.Length)
        {
            return Invalid;
        }

        switch (json[at])
        {
            case (byte)'{':
                if (outer + depth == MaxDepth)
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
                if (outer + depth == MaxDepth)
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
    internal static int SkipSpace(ReadOnlySpan<byte> json, int at)
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

    /// <summary>
    /// The next byte at or after <paramref name="at"/> that ends a run of plain string bytes: a quote, a backslash or a
    /// control character; sixteen bytes at a time (names, ids and most tokens end within the first), the tail byte by
    /// byte. <see cref="Invalid"/> when the bytes end first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int NextStringStop(ReadOnlySpan<byte> json, int at)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(json);
            while (at + Vector128<byte>.Count <= json.Length)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector128.Equals(bytes, Quote) | Vector128.Equals(bytes, Backslash) | Vector128.LessThan(bytes, Space);
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return at + BitOperations.TrailingZeroCount(mask);
                }

                at += Vector128<byte>.Count;
            }
        }

        while (at < json.Length && !IsStringStop(json[at]))
        {
            at++;
        }

        return at < json.Length ? at : Invalid;
    }

    /// <summary>From just after an opening quote to just after the closing one; -1 when the string is not well formed.</summary>
    internal static int SkipString(ReadOnlySpan<byte> json, int at)
    {
        while (true)
        {
            at = NextStringStop(json, at);
            if (at < 0)
            {
                return Invalid;
            }

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

    /// <summary><c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>; -1 when what is there is not that.</summary>
    internal static int SkipNumber(ReadOnlySpan<byte> json, int at)
    {
        if (json[at] == (byte)'-')
        {
            at++;
        }

        if (at >= json.Length || !IsDigit(json[at]))
        {
            return -1;
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
                return -1;
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
                return -1;
            }

            at = digits;
        }

        return at;
    }

    internal static int SkipDigits(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && IsDigit(json[at]))
        {
            at++;
        }

        return at;
    }

    internal static int Literal(ReadOnlySpan<byte> json, int at, ReadOnlySpan<byte> literal) =>
        json[at..].StartsWith(literal) ? at + literal.Length : -1;

    internal static bool IsStringStop(byte b) => b < 0x20 || b == (byte)'"' || b == (byte)'\\';

    internal static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    internal static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}

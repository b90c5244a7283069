using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// One byte-level change to a body: a flipped bit, inserted or deleted bytes, a cut, or an invalid UTF-8
/// sequence put inside a JSON string (the model's, when there is one), where a parser has to decode it.
/// <paramref name="Where"/> is a fraction (per million) of the body's length so it shrinks with the body.
/// </summary>
internal sealed record ByteMutation(ByteMutationKind Kind, int Where, int Count, byte[] Bytes)
{
    /// <summary>Malformed UTF-8: a bad continuation, a byte never valid, truncated sequences, overlong forms, an encoded surrogate, past U+10FFFF.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xC1, 0xBF],
        [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xBF, 0xBF],
    ];

    public static readonly Gen<ByteMutation> Any = Gen.Select(
        Gen.Enum<ByteMutationKind>(), Gen.Int[0, 1_000_000], Gen.Int[1, 8], Gen.Int[0, InvalidUtf8.Length - 1], Gen.Byte.Array[1, 4],
        (kind, where, count, invalid, random) => new ByteMutation(kind, where, count, kind is ByteMutationKind.InvalidUtf8InString or ByteMutationKind.InvalidUtf8InModel ? InvalidUtf8[invalid] : random));

    public byte[] Apply(byte[] body)
    {
        var at = body.Length == 0 ? 0 : (int)((long)Where * body.Length / 1_000_001);
        switch (Kind)
        {
            case ByteMutationKind.FlipBit when body.Length > 0:
                var flipped = (byte[])body.Clone();
                flipped[at] ^= (byte)(1 << (Count % 8));
                return flipped;
            case ByteMutationKind.Insert:
                return [.. body[..at], .. Bytes, .. body[at..]];
            case ByteMutationKind.Delete:
                return [.. body[..at], .. body[Math.Min(body.Length, at + Count)..]];
            case ByteMutationKind.Truncate:
                return body[..at];
            case ByteMutationKind.InvalidUtf8InModel when IndexAfter(body, "\"model\":\""u8) > 0:
                var model = IndexAfter(body, "\"model\":\""u8);
                return [.. body[..model], .. Bytes, .. body[model..]];
            case ByteMutationKind.InvalidUtf8InString or ByteMutationKind.InvalidUtf8InModel:
                var quote = Array.IndexOf(body, (byte)'"', at);
                var inside = quote < 0 ? at : quote + 1;
                return [.. body[..inside], .. Bytes, .. body[inside..]];
            default:
                return body;
        }
    }

    private static int IndexAfter(byte[] body, ReadOnlySpan<byte> marker)
    {
        var index = body.AsSpan().IndexOf(marker);
        return index < 0 ? -1 : index + marker.Length;
    }
}

/// <summary>The kinds of <see cref="ByteMutation"/>.</summary>
internal enum ByteMutationKind
{
    FlipBit,
    Insert,
    Delete,
    Truncate,
    InvalidUtf8InString,
    InvalidUtf8InModel,
}

using System.Buffers.Binary;
using System.Text;

namespace Gateway.Caching;

/// <summary>
/// <see cref="CachedResponse"/> as bytes for a shared store: a version byte, the flags, tokens and cost, the two strings
/// and the chunk table, each length-prefixed, then the body. A value that does not read back is a miss, never an error.
/// </summary>
internal static class CachedResponseFormat
{
    private const byte Version = 1;

    /// <summary>Version, flags, prompt and completion tokens, micro-USD.</summary>
    private const int Header = 1 + 1 + 8 + 8 + 8;

    public static byte[] Encode(CachedResponse entry)
    {
        var contentType = Encoding.UTF8.GetBytes(entry.ContentType);
        var model = Encoding.UTF8.GetBytes(entry.Model);
        var size = 1 + 1 + 8 + 8 + 8 + 4 + contentType.Length + 4 + model.Length + 4 + (entry.Ends.Length * 8) + entry.Body.Length;
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = entry.Stream ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(span[2..], entry.PromptTokens);
        BinaryPrimitives.WriteInt64LittleEndian(span[10..], entry.CompletionTokens);
        BinaryPrimitives.WriteInt64LittleEndian(span[18..], entry.MicroUsd);
        var at = Header;
        at = WriteBytes(span, at, contentType);
        at = WriteBytes(span, at, model);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], entry.Ends.Length);
        at += 4;
        for (var i = 0; i < entry.Ends.Length; i++, at += 8)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], entry.Ends[i]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], entry.Gaps[i]);
        }

        entry.Body.CopyTo(span[at..]);
        return bytes;
    }

    /// <summary>The entry, or null when the bytes are not one this version wrote (or are damaged).</summary>
    public static CachedResponse? Decode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Header + 12 || span[0] != Version)
        {
            return null;
        }

        var stream = span[1] == 1;
        var prompt = BinaryPrimitives.ReadInt64LittleEndian(span[2..]);
        var completion = BinaryPrimitives.ReadInt64LittleEndian(span[10..]);
        var microUsd = BinaryPrimitives.ReadInt64LittleEndian(span[18..]);
        var at = Header;
        if (!TryReadString(span, ref at, out var contentType) || !TryReadString(span, ref at, out var model) || span.Length - at < 4)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (count < 0 || (long)count * 8 > span.Length - at)
        {
            return null;
        }

        var (ends, gaps) = (new int[count], new int[count]);
        for (var i = 0; i < count; i++, at += 8)
        {
            (ends[i], gaps[i]) = (BinaryPrimitives.ReadInt32LittleEndian(span[at..]), BinaryPrimitives.ReadInt32LittleEndian(span[(at + 4)..]));
        }

        var body = span[at..].ToArray();
        for (var i = 0; i < count; i++)
        {
            if (ends[i] < (i == 0 ? 0 : ends[i - 1]) || ends[i] > body.Length || gaps[i] < 0)
            {
                return null;
            }
        }

        return new CachedResponse(contentType, model, stream, prompt, completion, microUsd, body, ends, gaps);
    }

    private static int WriteBytes(Span<byte> span, int at, byte[] value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], value.Length);
        value.CopyTo(span[(at + 4)..]);
        return at + 4 + value.Length;
    }

    private static bool TryReadString(ReadOnlySpan<byte> span, ref int at, out string value)
    {
        value = "";
        if (span.Length - at < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        if (length < 0 || length > span.Length - at - 4)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(span.Slice(at + 4, length));
        at += 4 + length;
        return true;
    }
}

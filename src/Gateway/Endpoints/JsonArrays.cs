namespace Gateway.Endpoints;

/// <summary>Joins JSON arrays as bytes (<c>[a,b]</c> + <c>[c]</c> = <c>[a,b,c]</c>) without parsing their elements.</summary>
internal static class JsonArrays
{
    public static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var a = Inner(first);
        var b = Inner(second);
        var joined = new byte[a.Length + b.Length + 2 + (a.Length > 0 && b.Length > 0 ? 1 : 0)];
        joined[0] = (byte)'[';
        a.CopyTo(joined.AsSpan(1));
        var at = 1 + a.Length;
        if (a.Length > 0 && b.Length > 0)
        {
            joined[at++] = (byte)',';
        }

        b.CopyTo(joined.AsSpan(at));
        joined[^1] = (byte)']';
        return joined;
    }

    /// <summary>What lies between an array's brackets, trimmed; nothing for an empty or missing array.</summary>
    private static ReadOnlySpan<byte> Inner(ReadOnlySpan<byte> array)
    {
        var trimmed = array.Trim(" \t\r\n"u8);
        return trimmed.Length >= 2 && trimmed[0] == (byte)'[' && trimmed[^1] == (byte)']' ? trimmed[1..^1].Trim(" \t\r\n"u8) : default;
    }
}

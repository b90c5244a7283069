using System.Text;

namespace Gateway.Redis;

/// <summary>
/// The Redis Cluster hash slot of a key (CRC16/XMODEM of the key, or of its hash tag, modulo 16384), as the
/// cluster specification defines it. Computed here, not asked of the client, so that the one-slot rule of
/// multi-key scripts is checked against a single server too, where StackExchange.Redis reports no slot.
/// </summary>
internal static class RedisHashSlot
{
    public const int Count = 16384;

    /// <summary>
    /// The part of the key that is hashed: the text between the first <c>{</c> and the next <c>}</c> when that
    /// is not empty, else the whole key.
    /// </summary>
    public static string HashedPart(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                return key[(open + 1)..close];
            }
        }

        return key;
    }

    /// <summary>The slot (0 to 16383) of <paramref name="key"/>.</summary>
    public static int Of(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(HashedPart(key));
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return (crc & 0xFFFF) % Count;
    }

    /// <summary>True when every key lies in one slot (and so one script may touch them all on a Redis Cluster).</summary>
    public static bool AllInOne(IReadOnlyList<string> keys)
    {
        for (var i = 1; i < keys.Count; i++)
        {
            if (Of(keys[i]) != Of(keys[0]))
            {
                return false;
            }
        }

        return true;
    }
}

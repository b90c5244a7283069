using System.Diagnostics;

namespace Gateway.Forwarding;

/// <summary>
/// The client's W3C <c>traceparent</c>, continued to a provider when no span of the gateway's is current (tracing off:
/// nobody listens, so ASP.NET Core starts no request activity and the HTTP client injects nothing). The provider's
/// request then shares the client's trace id under a new span id, as it would with tracing on; everything else the
/// client sent about its trace stays here (see <see cref="TraceParentPropagator"/>). A malformed value is ignored.
/// </summary>
internal static class ClientTraceParent
{
    private const int Length = 55; // 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>

    /// <summary>A child of <paramref name="value"/> with a fresh span id, or null when it is not a valid traceparent.</summary>
    public static string? Child(string? value)
    {
        if (value is null || value.Length < Length || (value.Length > Length && value[Length] != '-'))
        {
            return null;
        }

        var span = value.AsSpan();
        var version = span[..2];
        if (!IsHex(version) || version.SequenceEqual("ff") || (version.SequenceEqual("00") && value.Length != Length)
            || span[2] != '-' || span[35] != '-' || span[52] != '-')
        {
            return null;
        }

        var traceId = span[3..35];
        var parentId = span[36..52];
        var flags = span[53..55];
        if (!IsHex(traceId) || !IsHex(parentId) || !IsHex(flags) || IsZero(traceId) || IsZero(parentId))
        {
            return null;
        }

        var last = flags[1];
        var sampled = ((last <= '9' ? last - '0' : last - 'a' + 10) & 1) == 1;
        Span<char> child = stackalloc char[Length];
        "00-".CopyTo(child);
        traceId.CopyTo(child[3..]);
        child[35] = '-';
        Span<byte> spanId = stackalloc byte[8];
        ActivitySpanId.CreateRandom().CopyTo(spanId);
        Convert.TryToHexStringLower(spanId, child[36..52], out _);
        (sampled ? "-01" : "-00").CopyTo(child[52..]);
        return new string(child);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsZero(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}

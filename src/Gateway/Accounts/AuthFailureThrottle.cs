using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Configuration;
using Gateway.Telemetry;

namespace Gateway.Accounts;

/// <summary>
/// Slows down key guessing (docs/security.md, "Admin key and the authentication throttle"): failed authentications
/// (a key presented and not recognised) are counted per client address (IPv6 per /64) in a fixed window of one
/// minute; at <c>Gateway:Limits:AuthFailuresPerMinute</c> (default 20) the address is throttled until its window ends:
/// every request from it that presents a key gets 429 with <c>Retry-After</c>, the right key included, so a guess can
/// never be confirmed. Other addresses are not affected: one client's failures never lock out another's right key.
/// Each failure, and each request refused while throttled, is counted in <c>gateway_auth_failures_total{surface}</c>. State is bounded (<see cref="MaxAddresses"/>).
/// </summary>
internal sealed class AuthFailureThrottle(LimitsOptions limits, TimeProvider time, GatewayMetrics metrics)
{
    /// <summary>The window failures are counted in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Addresses tracked at once; past it, expired windows are swept, and new addresses wait for room.</summary>
    public const int MaxAddresses = 100_000;

    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();
    private readonly int _limit = limits.AuthFailuresPerMinute;

    // The latest end of any address's throttle: while it has passed, no address is throttled and no lookup is made.
    private long _throttledUntil;

    /// <summary>Whether <paramref name="address"/> is throttled now, and for how long still.</summary>
    public bool IsThrottled(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var now = time.GetUtcNow().UtcTicks;
        if (_limit == 0 || now >= Volatile.Read(ref _throttledUntil) || !_entries.TryGetValue(KeyOf(address), out var entry))
        {
            return false;
        }

        lock (entry)
        {
            var end = entry.Start + Window.Ticks;
            if (entry.Count < _limit || now >= end)
            {
                return false;
            }

            retryAfter = TimeSpan.FromTicks(end - now);
            return true;
        }
    }

    /// <summary>Counts a request refused because its address is throttled (in the metric only: it does not extend the window).</summary>
    public void Throttled(string surface) => metrics.AuthFailures.Add(1, GatewayMetrics.Tags("surface", surface));

    /// <summary>Counts a failed authentication from <paramref name="address"/> on <paramref name="surface"/> (<c>admin</c>, <c>v1</c>, <c>provider_api</c>, <c>console</c>).</summary>
    public void Failed(IPAddress? address, string surface)
    {
        metrics.AuthFailures.Add(1, GatewayMetrics.Tags("surface", surface));
        if (_limit == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcTicks;
        var key = KeyOf(address);
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= MaxAddresses)
            {
                Sweep(now);
                if (_entries.Count >= MaxAddresses)
                {
                    return;
                }
            }

            entry = _entries.GetOrAdd(key, _ => new Entry { Start = now });
        }

        lock (entry)
        {
            if (now >= entry.Start + Window.Ticks)
            {
                (entry.Start, entry.Count) = (now, 0);
            }

            if (++entry.Count >= _limit)
            {
                var end = entry.Start + Window.Ticks;
                long seen;
                while ((seen = Volatile.Read(ref _throttledUntil)) < end && Interlocked.CompareExchange(ref _throttledUntil, end, seen) != seen)
                {
                }
            }
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now >= Volatile.Read(ref entry.Start) + Window.Ticks)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>IPv4 as it is (also when mapped into IPv6); IPv6 by its /64, which one client usually holds whole.</summary>
    private static IPAddress KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private sealed class Entry
    {
        public long Start;
        public int Count;
    }
}

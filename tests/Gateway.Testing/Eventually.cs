using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// Waits for something another thread or process does (a replica adopting a circuit, a log line, a table swap): polls
/// every 10 ms and fails the test, saying what was awaited, when the limit passes. Time-based behaviour of the gateway
/// itself is tested on <see cref="ManualClock"/>, not with this; the limit is a bound for a failing test, never an assert.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a condition may take when the caller names no limit.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static async Task<TimeSpan> TrueAsync(Func<bool> condition, TimeSpan? within = null, Func<string>? because = null)
    {
        var limit = within ?? DefaultLimit;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed >= limit)
            {
                Assert.True(condition(), Message(limit, because));
                break;
            }

            await Task.Delay(Interval);
        }

        return watch.Elapsed;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (a condition that needs I/O to check); returns how long that took.</summary>
    public static async Task<TimeSpan> TrueAsync(Func<Task<bool>> condition, TimeSpan? within = null, Func<string>? because = null)
    {
        var limit = within ?? DefaultLimit;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed >= limit)
            {
                Assert.True(await condition(), Message(limit, because));
                break;
            }

            await Task.Delay(Interval);
        }

        return watch.Elapsed;
    }

    private static string Message(TimeSpan limit, Func<string>? because) =>
        $"condition not met within {limit.TotalSeconds:0.#} s" + (because is null ? "" : ": " + because());
}

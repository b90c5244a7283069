using System.Collections.Concurrent;
using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// At most <see cref="RetryOptions.Budget"/> same-provider retries per provider in each window of
/// <see cref="RetryOptions.BudgetWindow"/> (fixed windows on the injected clock), so retries cannot multiply the load on
/// a provider that is failing for everyone.
/// </summary>
internal sealed class RetryBudget(RetryOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public bool TryTake(string provider)
    {
        var window = _windows.GetOrAdd(provider, static _ => new Window());
        var now = time.GetUtcNow();
        lock (window)
        {
            if (now - window.Start >= options.BudgetWindow)
            {
                (window.Start, window.Used) = (now, 0);
            }

            if (window.Used >= options.Budget)
            {
                return false;
            }

            window.Used++;
            return true;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Used;
    }
}

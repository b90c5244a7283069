using System.Collections.Concurrent;

namespace Gateway.Usage;

/// <summary>
/// Tokens and cost per provider and model, since start and as a recent window (counts decayed with a
/// five-minute half-life), for the admin API. One small lock per provider and model.
/// </summary>
internal sealed class UsageTracker(TimeProvider time)
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string Provider, string Model), Cell> _cells = new();

    public void Add(string provider, string model, TokenUsage usage, double cost)
    {
        var cell = _cells.GetOrAdd((provider, model), static _ => new Cell());
        var now = time.GetUtcNow();
        lock (cell)
        {
            cell.Decay(now);
            cell.Responses++;
            cell.PromptTokens += usage.PromptTokens;
            cell.CompletionTokens += usage.CompletionTokens;
            cell.Cost += cost;
            cell.RecentPrompt += usage.PromptTokens;
            cell.RecentCompletion += usage.CompletionTokens;
            cell.RecentCost += cost;
        }
    }

    public IReadOnlyList<UsageSnapshot> Snapshot()
    {
        var now = time.GetUtcNow();
        return [.. _cells.OrderBy(c => c.Key.Provider, StringComparer.Ordinal).ThenBy(c => c.Key.Model, StringComparer.Ordinal).Select(c =>
        {
            lock (c.Value)
            {
                c.Value.Decay(now);
                return new UsageSnapshot(c.Key.Provider, c.Key.Model, c.Value.Responses, c.Value.PromptTokens, c.Value.CompletionTokens, c.Value.Cost,
                    c.Value.RecentPrompt, c.Value.RecentCompletion, c.Value.RecentCost);
            }
        })];
    }

    private sealed class Cell
    {
        private DateTimeOffset _at;

        public long Responses;
        public long PromptTokens;
        public long CompletionTokens;
        public double Cost;
        public double RecentPrompt;
        public double RecentCompletion;
        public double RecentCost;

        public void Decay(DateTimeOffset now)
        {
            if (_at != default && now > _at)
            {
                var k = Math.Pow(0.5, (now - _at) / HalfLife);
                (RecentPrompt, RecentCompletion, RecentCost) = (RecentPrompt * k, RecentCompletion * k, RecentCost * k);
            }

            _at = now;
        }
    }
}

/// <summary>Usage of one provider and model: totals since start and decayed recent values.</summary>
internal sealed record UsageSnapshot(string Provider, string Model, long Responses, long PromptTokens, long CompletionTokens, double CostUsd,
    double RecentPromptTokens, double RecentCompletionTokens, double RecentCostUsd);

using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Retry</c> section: retries on the same provider.</summary>
internal sealed partial class GatewayOptionsReader
{
    private RetryOptions ReadRetry(IConfigurationSection section)
    {
        var defaults = new RetryOptions();
        var hedge = ReadHedge(section.GetSection("Hedge"), defaults.Hedge);
        return new RetryOptions
        {
            SameProvider = ReadInt(section, "SameProvider", defaults.SameProvider, min: 0, max: 5),
            MaxRetryAfter = ReadSeconds(section, "MaxRetryAfterSeconds", defaults.MaxRetryAfter),
            Delay = ReadSeconds(section, "DelaySeconds", defaults.Delay),
            PreferSameProvider = ReadBool(section, "PreferSameProvider", defaults.PreferSameProvider),
            Budget = ReadInt(section, "Budget", defaults.Budget, min: 1, max: 1_000_000),
            BudgetWindow = ReadSeconds(section, "BudgetWindowSeconds", defaults.BudgetWindow),
            Hedge = hedge,
            HedgeTiers = ReadHedgeTiers(section.GetSection("Hedge:Tiers"), hedge),
        };
    }

    /// <summary><c>Gateway:Retry:Hedge:Tiers</c>: a <c>Hedge</c> section for <c>smart</c> and one for <c>fast</c>, over the global one.</summary>
    private Dictionary<string, HedgeOptions> ReadHedgeTiers(IConfigurationSection section, HedgeOptions global)
    {
        var tiers = new Dictionary<string, HedgeOptions>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            var tier = child.Key.Trim().ToLowerInvariant();
            if (tier is "smart" or "fast")
            {
                tiers[tier] = ReadHedge(child, global);
            }
            else
            {
                Error(section, child.Key, "unknown tier; use smart or fast");
            }
        }

        return tiers;
    }

    /// <summary>A <c>Hedge</c> section: <c>Gateway:Retry:Hedge</c>, or a provider's over it.</summary>
    private HedgeOptions ReadHedge(IConfigurationSection section, HedgeOptions defaults) => new()
    {
        Enabled = ReadBool(section, "Enabled", defaults.Enabled),
        Delay = ReadSeconds(section, "DelaySeconds", defaults.Delay),
        UseP95 = ReadBool(section, "UseP95", defaults.UseP95),
        MinSamples = ReadInt(section, "MinSamples", defaults.MinSamples, min: 1, max: 1_000_000),
    };
}

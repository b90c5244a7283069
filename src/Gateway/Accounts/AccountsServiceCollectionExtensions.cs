using System.Globalization;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Configuration;
using Gateway.Redis;
using Gateway.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Accounts;

/// <summary>
/// Registers limits and the ledger: counters in memory, or in Redis when it is configured; key limits from whoever
/// manages keys (none until then); the ledger's batch and its flusher;
/// providers' usage limits (meter, refresher, the candidate gate) and the owners labelled in the spend metric. The
/// subscriber that bills attempts is Outcomes' (AddOutcomes); the admin and key-usage endpoints are Admin's and Endpoints'.
/// </summary>
internal static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, GatewayOptions options, IConfiguration configuration)
    {
        var accounts = Read(configuration.GetSection("Gateway:Accounts"));
        services.AddSingleton(accounts);
        services.TryAddSingleton<IKeyLimits, NoKeyLimits>();
        services.AddSingleton<StoreOwnerLimits>();
        services.TryAddSingleton<IOwnerLimits>(sp => sp.GetRequiredService<StoreOwnerLimits>());
        services.AddHostedService(sp => sp.GetRequiredService<StoreOwnerLimits>());
        services.AddSingleton(sp => new MemoryLimitCounter(sp.GetRequiredService<TimeProvider>()));
        if (options.Redis.ConnectionString is null)
        {
            services.AddSingleton<ILimitCounter>(sp => sp.GetRequiredService<MemoryLimitCounter>());
        }
        else
        {
            services.AddSharedRedis();
            services.AddSingleton<OutageBudget>();
            services.AddSingleton(sp => new ReplicaHeartbeat(sp.GetRequiredService<Redis.SharedRedis>(), ct => sp.GetRequiredService<LedgerBook>().FlushAsync(ct),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ReplicaHeartbeat>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ReplicaHeartbeat>());
            services.AddSingleton<ILimitCounter, RedisLimitCounter>();
        }

        services.AddSingleton<RequestEstimator>();
        services.AddSingleton<InFlightLimits>();
        services.AddSingleton(OwnerSpendLabels.From(configuration.GetSection("Gateway:Metrics:OwnerLabels")));
        services.AddSingleton<Accounts.ProviderUsage.ProviderUsageMeter>();
        services.AddSingleton<Accounts.ProviderUsage.IProviderUsage>(sp => sp.GetRequiredService<Accounts.ProviderUsage.ProviderUsageMeter>());
        services.AddSingleton<Routing.ICandidateFilter, Accounts.ProviderUsage.ProviderUsageFilter>();
        services.AddHostedService<Accounts.ProviderUsage.ProviderUsageRefresher>();
        services.AddSingleton<LedgerSpool>();
        services.AddSingleton<LedgerBook>();
        services.AddSingleton<ILedgerTotals>(sp => sp.GetRequiredService<LedgerBook>());
        services.AddSingleton(sp =>
        {
            var counter = sp.GetRequiredService<ILimitCounter>();
            sp.GetRequiredService<GatewayMetrics>().Gauge("gateway.limits.reservations", "{reservation}", "Reservations held by this replica and not settled yet.",
                () => [new System.Diagnostics.Metrics.Measurement<double>(counter.Outstanding)]);
            return ActivatorUtilities.CreateInstance<Admission>(sp);
        });
        services.AddHostedService<LedgerFlusher>();
        return services;
    }

    private static AccountsOptions Read(IConfigurationSection section)
    {
        var defaults = new AccountsOptions();
        return new AccountsOptions
        {
            DefaultMaxOutputTokens = long.TryParse(section["DefaultMaxOutputTokens"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && max > 0 ? max : defaults.DefaultMaxOutputTokens,
            FallbackPrice = new ModelPrice(
                double.TryParse(section["FallbackPrice:InputPerMillion"], NumberStyles.Float, CultureInfo.InvariantCulture, out var input) && input > 0 ? input : defaults.FallbackPrice.InputPerMillion,
                double.TryParse(section["FallbackPrice:OutputPerMillion"], NumberStyles.Float, CultureInfo.InvariantCulture, out var output) && output > 0 ? output : defaults.FallbackPrice.OutputPerMillion),
            MaxTokenizedChars = long.TryParse(section["MaxTokenizedChars"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var chars) && chars >= 0 ? chars : defaults.MaxTokenizedChars,
            MinClampedOutputTokens = long.TryParse(section["MinClampedOutputTokens"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var least) && least > 0 ? least : defaults.MinClampedOutputTokens,
            ReservationTtl = TimeSpan.TryParse(section["ReservationTtl"], CultureInfo.InvariantCulture, out var ttl) && ttl > TimeSpan.Zero ? ttl : defaults.ReservationTtl,
            LedgerFlushInterval = TimeSpan.TryParse(section["LedgerFlushInterval"], CultureInfo.InvariantCulture, out var flush) && flush > TimeSpan.Zero ? flush : defaults.LedgerFlushInterval,
            WhenRedisUnreachable = section["WhenRedisUnreachable"] is not { Length: > 0 } outage ? defaults.WhenRedisUnreachable
                : Enum.TryParse<RedisOutageMode>(outage, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode
                : throw new InvalidOperationException("Gateway:Accounts:WhenRedisUnreachable must be 'share' or 'refuse'"),
        };
    }
}

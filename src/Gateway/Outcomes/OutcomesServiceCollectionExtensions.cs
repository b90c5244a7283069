using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Outcomes;

/// <summary>Every attempt's one record, the one sink, and who listens to it: one line each.</summary>
internal static class OutcomesServiceCollectionExtensions
{
    public static IServiceCollection AddOutcomes(this IServiceCollection services)
    {
        services.AddSingleton<IAttemptOutcomeSink, AttemptOutcomeSink>();
        services.AddSingleton<IAttemptOutcomeSubscriber, HealthSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, MetricsSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, UsageSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, TraceSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, RequestRecordSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, LogSubscriber>();
        services.AddSingleton<Stats.ReplicaStats>().AddSingleton<IAttemptOutcomeSubscriber, ConsoleStatsSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, AccountsSubscriber>();
        return services;
    }
}

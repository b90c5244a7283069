using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Forwarding;

/// <summary>
/// Registers the attempt loop, the per-attempt sender and the response writers (the upstream clients: AddOutbound), the
/// wait queue, prompt-cache affinity and the recorder of routing decisions.
/// </summary>
internal static class ForwardingServiceCollectionExtensions
{
    public static IServiceCollection AddForwarding(this IServiceCollection services)
    {
        services.AddSingleton<FailoverLoop>();
        services.AddSingleton<ProviderConcurrency>();
        services.AddSingleton<HopMarker>();
        services.AddSingleton<AttemptSender>();
        services.AddSingleton<SameProviderRetry>();
        services.AddSingleton<FirstTokenHedging>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<JsonResponseWriter>();
        services.AddSingleton<SseResponseWriter>();
        services.AddSingleton<StreamContinuations>();
        services.AddSingleton<RejectedResponseWriter>();
        services.AddSingleton<FinalResponses>();
        services.AddSingleton<RequestForwarder>();
        services.AddSingleton<Queueing.RequestQueue>();
        services.AddSingleton<Affinity.ConversationAffinity>();
        services.AddSingleton<RoutingDecisionRecorder>();
        return services;
    }
}

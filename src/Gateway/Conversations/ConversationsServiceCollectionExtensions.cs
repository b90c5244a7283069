using Gateway.Configuration;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Conversations;

/// <summary>Registers the stored Responses conversations: in memory, or in Redis when it is configured.</summary>
internal static class ConversationsServiceCollectionExtensions
{
    public static IServiceCollection AddConversations(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Responses);
        services.AddSingleton<StoredResponses>();
        if (options.Redis.ConnectionString is null)
        {
            services.AddSingleton<IConversationStore, InMemoryConversationStore>();
        }
        else
        {
            services.AddSharedRedis();
            services.AddSingleton<IConversationStore, RedisConversationStore>();
        }

        return services;
    }
}

using System.Collections.Concurrent;
using Gateway.Configuration;

namespace Gateway.Conversations;

/// <summary>
/// Stored responses of one process: a dictionary with a time to live on the injected clock, and a cap on the number
/// kept (the oldest go first), so a busy gateway cannot grow without bound.
/// </summary>
internal sealed class InMemoryConversationStore(ResponsesOptions options, TimeProvider time) : IConversationStore
{
    private readonly ConcurrentDictionary<string, (StoredResponse Response, DateTimeOffset Expires)> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        _responses[response.Id] = (response, time.GetUtcNow() + options.TimeToLive);
        _order.Enqueue(response.Id);
        while (_responses.Count > options.MaxStoredInMemory && _order.TryDequeue(out var oldest))
        {
            _responses.TryRemove(oldest, out _);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!_responses.TryGetValue(id, out var entry))
        {
            return ValueTask.FromResult<StoredResponse?>(null);
        }

        if (entry.Expires <= time.GetUtcNow())
        {
            _responses.TryRemove(id, out _);
            return ValueTask.FromResult<StoredResponse?>(null);
        }

        return ValueTask.FromResult<StoredResponse?>(entry.Response);
    }

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(_responses.TryRemove(id, out _));
}

using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Conversations;

/// <summary>
/// The stored responses as one caller sees them: only the owner's, and of the key that made them (keys that share an
/// owner, every configured key without one is 'static', do not read each other's). A store that fails reads as
/// "not found" and a save that fails loses only the continuation: both are logged, neither fails the client.
/// </summary>
internal sealed partial class StoredResponses(IConversationStore store, ILogger<StoredResponses> logger)
{
    /// <summary>The caller's response with this id, or null (unknown, expired, someone else's, or the store unreadable).</summary>
    public async ValueTask<StoredResponse?> LoadAsync(string id, string owner, string keyId, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            return stored is not null && stored.ReadableBy(owner, keyId) ? stored : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LoadFailed(logger, e.GetType().Name, requestId);
            return null;
        }
    }

    /// <summary>The caller's response holding the output item with this id, or null.</summary>
    public async ValueTask<StoredResponse?> FindByItemAsync(string itemId, string owner, string keyId, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await store.GetByItemAsync(itemId, cancellationToken).ConfigureAwait(false);
            return stored is not null && stored.ReadableBy(owner, keyId) ? stored : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LoadFailed(logger, e.GetType().Name, requestId);
            return null;
        }
    }

    /// <summary>Keeps <paramref name="response"/>; a store that fails is logged, not thrown.</summary>
    public async ValueTask SaveAsync(StoredResponse response, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The answer is good; only its continuation is lost. Never fail the client for the store.
            Log.SaveFailed(logger, e.GetType().Name, requestId);
        }
    }

    /// <summary>Removes a response read through <see cref="LoadAsync"/>.</summary>
    public ValueTask<bool> DeleteAsync(StoredResponse response, CancellationToken cancellationToken) => store.DeleteAsync(response, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ConversationSaveFailed, Level = LogLevel.Warning, Message = "A response could not be stored ({Error}); its previous_response_id will not be found; request {RequestId}")]
        public static partial void SaveFailed(ILogger logger, string error, string requestId);

        [LoggerMessage(EventId = EventIds.ConversationLoadFailed, Level = LogLevel.Warning, Message = "Stored responses could not be read ({Error}); request {RequestId}")]
        public static partial void LoadFailed(ILogger logger, string error, string requestId);
    }
}

namespace Gateway.Conversations;

/// <summary>
/// Where the gateway keeps the responses it answers through chat completions, each for a time to live: in memory for
/// one process, in Redis when replicas share one, so any replica reads a response the moment it completed.
/// </summary>
internal interface IConversationStore
{
    /// <summary>Keeps <paramref name="response"/> until its time to live passes; completes once it is readable everywhere.</summary>
    ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The response with this id, or null when it is unknown or expired.</summary>
    ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The response one of whose output items has this id, or null.</summary>
    ValueTask<StoredResponse?> GetByItemAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>Removes the response (as read from the store) and gives back its bytes; false when it was gone.</summary>
    ValueTask<bool> DeleteAsync(StoredResponse response, CancellationToken cancellationToken);
}

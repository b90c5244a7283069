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

    /// <summary>Removes the response; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

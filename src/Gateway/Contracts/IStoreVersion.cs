namespace Gateway.Contracts;

/// <summary>
/// The control-data store's version as a change token: every change the store writes (a managed provider, a client key,
/// an owner's limits) bumps it, and whatever this process keeps of the store subscribes here, never to another
/// component's event. The version moves here after a change made in this process (<see cref="AppliedAsync"/>), on a
/// Redis message from another replica, or at the store poll; in either direction (a restored backup moves it back).
/// A change runs in two steps: every <see cref="OnChange"/> reload (managed providers, client keys, owner limits), then
/// every <see cref="AfterReloads"/> action (the routing table, which is built from what the reloads read).
/// </summary>
internal interface IStoreVersion
{
    /// <summary>The version this process last loaded (-1 before the first load).</summary>
    long Current { get; }

    /// <summary>Reads the store's version now (one small query; <see cref="StoreUnavailableException"/> when it does not answer).</summary>
    Task<long> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Registers a reload of something read from the store, run (awaited) each time the version moves.</summary>
    IDisposable OnChange(Func<CancellationToken, Task> reload);

    /// <summary>Registers an action run after the reloads of each change (state derived from what they read).</summary>
    IDisposable AfterReloads(Action derive);

    /// <summary>
    /// After a change written at <paramref name="version"/>: runs every subscriber now, so this replica serves the change
    /// before its caller answers, and tells the other replicas. A store that stops answering meanwhile is left to the poll.
    /// </summary>
    Task AppliedAsync(long version, CancellationToken cancellationToken);
}

namespace Gateway.Queueing;

/// <summary>
/// One request's place in the <see cref="RequestQueue"/>, kept across its turns (a waiter that wakes and finds its
/// slot taken waits again at the head of its key's line). Disposing it leaves the queue.
/// </summary>
internal sealed class QueuedRequest : IDisposable
{
    private readonly RequestQueue _queue;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal QueuedRequest(RequestQueue queue, string key, IReadOnlyCollection<string> providers, DateTimeOffset deadline)
    {
        _queue = queue;
        Key = key;
        Providers = providers;
        Deadline = deadline;
        Joined = queue.Time.GetUtcNow();
    }

    public string Key { get; }

    public IReadOnlyCollection<string> Providers { get; }

    /// <summary>When the request gives up waiting.</summary>
    public DateTimeOffset Deadline { get; }

    public DateTimeOffset Joined { get; }

    /// <summary>Whether the request got a turn: it was served (or tried) after waiting.</summary>
    public bool Served { get; set; }

    internal LinkedListNode<QueuedRequest>? Node { get; set; }

    internal bool Wants(string provider) => Providers.Contains(provider);

    /// <summary>Wakes the waiter unless a wake is already pending (under the queue's lock).</summary>
    internal bool TryWake() => _wake.TrySetResult();

    /// <summary>
    /// Waits for a release, for <paramref name="wakeAt"/> (a rate limit's end) or until the deadline. True: try again
    /// now; false: give up (the deadline came, or <paramref name="wakeAt"/> lies beyond it, so waiting cannot help).
    /// </summary>
    public async ValueTask<bool> WaitAsync(DateTimeOffset? wakeAt, CancellationToken cancellationToken)
    {
        var time = _queue.Time;
        var now = time.GetUtcNow();
        if (now >= Deadline || wakeAt > Deadline)
        {
            return false;
        }

        Task wake;
        lock (_queue.Sync)
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return true; // released while this request was trying: try again at once
            }

            wake = _wake.Task;
        }

        var until = wakeAt is { } at && at < Deadline ? at : Deadline;
        try
        {
            await wake.WaitAsync(until - now > TimeSpan.Zero ? until - now : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return until < Deadline; // a rate limit ended: try again; the deadline came: give up
        }

        lock (_queue.Sync)
        {
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return true;
    }

    public void Dispose()
    {
        bool unused;
        lock (_queue.Sync)
        {
            unused = _wake.Task.IsCompleted;
        }

        _queue.Leave(this, unusedWake: unused);
    }
}

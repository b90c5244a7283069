namespace Gateway.FakeUpstream;

/// <summary>
/// A gate a scripted answer waits at before its first token (<see cref="FakeResponse.FirstTokenGate"/>): a provider
/// slow to start, for as long as the test says. Counts the requests waiting at it and those whose client (the gateway)
/// went away while they waited, so a test knows when a request is parked and sees it cancelled.
/// </summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;
    private int _cancelled;

    /// <summary>Requests waiting at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Requests cancelled by their client while they waited.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Lets every waiting and later request through.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Waits until the gate opens; throws when <paramref name="aborted"/> (the client left) first.</summary>
    internal async Task PassAsync(CancellationToken aborted)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _open.Task.WaitAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}

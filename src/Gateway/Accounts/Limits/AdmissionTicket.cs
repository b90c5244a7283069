namespace Gateway.Accounts.Limits;

/// <summary>
/// One admitted request of a known key: who it is billed to, what it holds (when its caller has limits), and the
/// use its attempts reported so far (added by the outcome subscriber; a failover's failed attempts add nothing).
/// Settled once, when the request ends however it ends. It belongs to one request object (its features, its
/// <c>GatewayRequest</c>, its attempts' records): two requests never share one, whatever ids their clients send.
/// </summary>
internal sealed class AdmissionTicket(string keyId, string? owner, Reservation? reservation, ILimitCounter? counter)
{
    private long _tokens;
    private long _microUsd;
    private int _settled;

    public string KeyId => keyId;

    public string? Owner => owner;

    public Reservation? Reservation => reservation;

    /// <summary>Tokens and micro-USD reserved in the bound (zero without limits).</summary>
    public long EstimatedTokens => EstimatedPrompt + EstimatedOutput;

    public long EstimatedPrompt { get; init; }

    public long EstimatedOutput { get; init; }

    public long EstimatedMicroUsd { get; init; }

    /// <summary>The output tokens per choice the upstream is asked for at most, when the budget clamped it (null: as the client asked).</summary>
    public long? ClampedOutput { get; init; }

    /// <summary>Whether this ticket bills anyone (a request of no known key has nobody to bill).</summary>
    public bool Bills => keyId.Length > 0;

    public long Tokens => Interlocked.Read(ref _tokens);

    public long MicroUsd => Interlocked.Read(ref _microUsd);

    /// <summary>Adds an attempt's reported (or counted) use.</summary>
    public void Add(long tokens, long microUsd)
    {
        Interlocked.Add(ref _tokens, tokens);
        Interlocked.Add(ref _microUsd, microUsd);
    }

    /// <summary>Replaces the hold by the use; a second call does nothing.</summary>
    public async ValueTask SettleAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        if (reservation is not null && counter is not null)
        {
            // Never throws and never waits on Redis: the counter settles in memory or queues the settle for its next
            // batch; Redis failures are handled there, and a reservation not settled lapses by itself.
            try
            {
                await counter.SettleAsync(reservation, Tokens, MicroUsd).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // Shutting down: the hold lapses by itself and the ledger has the use.
            }
        }
    }
}

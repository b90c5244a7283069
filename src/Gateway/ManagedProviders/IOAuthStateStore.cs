namespace Gateway.ManagedProviders;

/// <summary>Pending OpenRouter connects: saved with a TTL, taken (deleted) at most once, by their owner only.</summary>
internal interface IOAuthStateStore
{
    /// <summary>Saves a new state and drops the expired ones.</summary>
    Task SaveAsync(OAuthStateRecord state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes and returns the state if <paramref name="owner"/> holds it: a second call (a replay) finds nothing, and
    /// another owner's attempt leaves it alone. Expiry is the caller's to check, on its clock.
    /// </summary>
    Task<OAuthStateRecord?> TakeAsync(string state, string owner, CancellationToken cancellationToken);
}

namespace Gateway.Contracts;

/// <summary>
/// The control-data store's database did not answer (PostgreSQL down or unreachable); the message names no secret.
/// Thrown by the store's repositories, caught by whoever owns the interface they implement.
/// </summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null, string database = "database") : Exception(message, inner)
{
    public StoreUnavailableException()
        : this("The control-data store is unavailable.")
    {
    }

    /// <summary><c>sqlite</c> or <c>postgresql</c> (<c>database</c> when unknown), for errors that name it.</summary>
    public string Database { get; } = database;
}

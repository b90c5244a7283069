namespace Gateway.Store;

/// <summary>The database did not answer (PostgreSQL down or unreachable); the message names no secret.</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public StoreUnavailableException()
        : this("The control-data store is unavailable.")
    {
    }
}

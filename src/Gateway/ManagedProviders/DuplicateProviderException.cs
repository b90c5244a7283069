namespace Gateway.ManagedProviders;

/// <summary>The owner already has a provider of this type (the store's unique constraint on owner and provider): thrown by <see cref="IManagedProviderStore"/>.</summary>
internal sealed class DuplicateProviderException(string message) : Exception(message)
{
    public DuplicateProviderException()
        : this("The owner already has a provider of this type.")
    {
    }
}

using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>A configured, enabled provider account: its settings and the adapter that speaks its protocol.</summary>
internal sealed class Provider(ProviderOptions options, IProviderAdapter adapter)
{
    public string Name => options.Name;

    public ProviderOptions Options => options;

    public IProviderAdapter Adapter => adapter;

    public override string ToString() => Name;
}

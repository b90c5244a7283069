using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>The providers of the configuration (<c>Gateway:Providers</c> and the <c>AI_*</c> variables), following its reloads.</summary>
internal sealed class ConfigurationProviderSource(GatewayOptionsMonitor monitor) : IProviderSource
{
    public string Name => "configuration";

    public IReadOnlyList<ProviderOptions> Providers => monitor.Current.Providers;

    public event Action? Changed
    {
        add => monitor.Changed += value;
        remove => monitor.Changed -= value;
    }
}

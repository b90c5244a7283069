using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Tests.Providers;

/// <summary>A provider source tests change at will: each change raises <see cref="Changed"/> as the managed store will.</summary>
internal sealed class TestProviderSource(string name = "test") : IProviderSource
{
    private volatile IReadOnlyList<ProviderOptions> _providers = [];

    public string Name => name;

    public IReadOnlyList<ProviderOptions> Providers => _providers;

    public event Action? Changed;

    public static ProviderOptions Provider(string name, string? smart = null, params string[] models) => new()
    {
        Name = name,
        Type = "custom",
        Url = new Uri("http://127.0.0.1:9/v1"),
        Smart = smart,
        Models = models,
    };

    public void Set(params ProviderOptions[] providers)
    {
        _providers = providers;
        Changed?.Invoke();
    }
}

using Gateway.Configuration;
using Gateway.FakeUpstream;
using Gateway.Providers;

namespace Gateway.Testing;

/// <summary>
/// A provider source the test changes at will, as the managed-provider store does: providers (or fake upstreams) in and
/// out, each change raising <see cref="Changed"/>.
/// </summary>
internal sealed class TestProviderSource(string name = "test") : IProviderSource
{
    private readonly Lock _changing = new();
    private volatile IReadOnlyList<ProviderOptions> _providers = [];

    public string Name => name;

    public IReadOnlyList<ProviderOptions> Providers => _providers;

    public event Action? Changed;

    /// <summary>A custom provider at a closed local port (for tests that never send to it).</summary>
    public static ProviderOptions Provider(string name, string? smart = null, params string[] models) => new()
    {
        Name = name,
        Type = "custom",
        Url = new Uri("http://127.0.0.1:9/v1"),
        Smart = smart,
        Models = models,
    };

    /// <summary>Replaces every provider with <paramref name="providers"/>.</summary>
    public void Set(params ProviderOptions[] providers)
    {
        _providers = providers;
        Changed?.Invoke();
    }

    /// <summary>Adds <paramref name="server"/> as provider <c>NAME</c> with smart model <c>NAME-smart</c>.</summary>
    public void Add(FakeUpstreamServer server, IReadOnlyList<string>? models = null, string? smart = "")
    {
        var provider = new ProviderOptions
        {
            Name = server.Name,
            Type = "custom",
            Url = new Uri(server.BaseUrl),
            Key = $"key-{server.Name}",
            Smart = smart == "" ? $"{server.Name}-smart" : smart,
            Models = models ?? [],
        };
        lock (_changing)
        {
            _providers = [.. _providers.Where(p => p.Name != server.Name), provider];
        }

        Changed?.Invoke();
    }

    public void Remove(string name)
    {
        lock (_changing)
        {
            _providers = [.. _providers.Where(p => p.Name != name)];
        }

        Changed?.Invoke();
    }
}

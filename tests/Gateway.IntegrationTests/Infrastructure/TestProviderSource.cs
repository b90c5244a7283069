using Gateway.Configuration;
using Gateway.FakeUpstream;
using Gateway.Providers;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>A provider source the test changes at will, as the managed-provider store will: fake upstreams in, fake upstreams out.</summary>
internal sealed class TestProviderSource : IProviderSource
{
    private readonly Lock _changing = new();
    private volatile IReadOnlyList<ProviderOptions> _providers = [];

    public string Name => "test";

    public IReadOnlyList<ProviderOptions> Providers => _providers;

    public event Action? Changed;

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

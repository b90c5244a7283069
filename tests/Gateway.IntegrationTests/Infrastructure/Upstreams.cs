using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Several fake providers, with the AI_* variables that point a gateway at them.</summary>
internal sealed class Upstreams : IAsyncDisposable
{
    private readonly Dictionary<string, FakeUpstreamServer> _servers;

    private Upstreams(Dictionary<string, FakeUpstreamServer> servers) => _servers = servers;

    public FakeUpstreamServer this[string name] => _servers[name];

    /// <summary>Starts one fake per name; each gets AI_NAME_URL, AI_NAME_KEY=key-NAME, SMART/FAST = NAME-smart/NAME-fast.</summary>
    public static async Task<Upstreams> StartAsync(params string[] names)
    {
        var servers = new Dictionary<string, FakeUpstreamServer>();
        foreach (var name in names)
        {
            servers[name] = await FakeUpstreamServer.StartAsync(name);
        }

        return new Upstreams(servers);
    }

    public Dictionary<string, string?> Environment(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string?>();
        foreach (var (name, server) in _servers)
        {
            var upper = name.ToUpperInvariant();
            env[$"AI_{upper}_URL"] = server.BaseUrl;
            env[$"AI_{upper}_TYPE"] = "custom";
            env[$"AI_{upper}_KEY"] = $"key-{name}";
            env[$"AI_{upper}_SMART"] = $"{name}-smart";
            env[$"AI_{upper}_FAST"] = $"{name}-fast";
        }

        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>A loopback URL where nothing listens (connection refused).</summary>
    public static string ClosedPortUrl() => $"http://127.0.0.1:{Ports.Free()}/v1";

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }
    }
}

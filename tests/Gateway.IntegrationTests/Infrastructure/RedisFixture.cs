namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// One Redis container for a whole test class (<c>IClassFixture&lt;RedisFixture&gt;</c>): started once, before the
/// class's first test, removed after its last. Tests of a class run one at a time; each either uses its own key
/// prefix or calls <see cref="RedisServer.FlushAsync"/> first, and a test that stops the server starts it again.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("the Redis fixture is not started");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

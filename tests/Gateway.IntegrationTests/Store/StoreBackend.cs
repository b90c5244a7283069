using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Store;

/// <summary>
/// Where one test's control data lives: a fresh SQLite folder, or a fresh database in the class's PostgreSQL. The same
/// test runs on both (<c>[InlineData("sqlite")] [InlineData("postgresql")]</c>). Gives the settings (in-process gateway)
/// or environment (gateway process) that point a gateway at it, with the test's client keys, admin key and encryption key.
/// </summary>
internal sealed class StoreBackend : IAsyncDisposable
{
    /// <summary>Two AES-256 keys (base64) the tests use: the first encrypts unless a test says otherwise.</summary>
    public const string Key1 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    public const string Key2 = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    public const string AdminKey = "admin-key-0123456789-0123456789";
    public const string AliceKey = "client-key-alice-0001";
    public const string BobKey = "client-key-bob-0002";
    public const string StaticKey = "client-key-static-0003";

    private StoreBackend(string kind, string? directory, string? connectionString) => (Kind, Directory, ConnectionString) = (kind, directory, connectionString);

    public string Kind { get; }

    /// <summary>The SQLite folder, or null.</summary>
    public string? Directory { get; }

    /// <summary>The PostgreSQL connection string, or null.</summary>
    public string? ConnectionString { get; }

    public static async Task<StoreBackend> CreateAsync(string kind, PostgresFixture postgres) => kind switch
    {
        "sqlite" => new StoreBackend(kind, Path.Combine(System.IO.Directory.CreateTempSubdirectory("gateway-store-").FullName, "data"), null),
        "postgresql" => new StoreBackend(kind, null, await postgres.Server.CreateDatabaseAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Configuration keys for <see cref="GatewayHost"/>.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Store:PollSeconds"] = "0.2",
            ["Gateway:Store:CommandTimeoutSeconds"] = "2",
        };
        settings[Directory is not null ? "Gateway:Store:DataDirectory" : "Gateway:Store:ConnectionString"] = Directory ?? ConnectionString;
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>AI_* and other variables: client keys of alice, bob and a key without owner; the admin key; <paramref name="keys"/> as the encryption key.</summary>
    public static Dictionary<string, string?> Environment(string? keys = Key1, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["AI_CLIENT_KEYS"] = $"owner:alice:{AliceKey},owner:bob:{BobKey},{StaticKey}",
            ["AI_ADMIN_KEY"] = AdminKey,
        };
        if (keys is not null)
        {
            env["GATEWAY_ENCRYPTION_KEY"] = keys;
        }

        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>An in-process gateway on this store.</summary>
    public Task<GatewayHost> StartAsync(string? keys = Key1, TimeProvider? time = null, params (string Key, string? Value)[] settings) =>
        GatewayHost.StartAsync(Environment(keys), Settings(settings), time: time);

    /// <summary>The JSON body creating an openai provider on <paramref name="upstream"/> with smart model <c>NAME-smart</c>.</summary>
    public static string OpenAIProvider(FakeUpstreamServer upstream, string key = "sk-test-secret-0001", bool isDefault = false, string type = "openai") =>
        $$$"""{"provider":"{{{type}}}","apiKey":"{{{key}}}","keyLabel":"{{{upstream.Name}}} label","isDefault":{{{(isDefault ? "true" : "false")}}},"usageLimit":5000,"supportedModels":["{{{upstream.Name}}}-model"],"providerConfig":{"baseUrl":"{{{upstream.BaseUrl}}}","smart":"{{{upstream.Name}}}-smart","maxTokens":4000,"temperature":0.7}}""";

    public ValueTask DisposeAsync()
    {
        if (Directory is not null)
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

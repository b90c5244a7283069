using System.Globalization;
using System.Text;

namespace Gateway.Configuration;

/// <summary>
/// The control-data store (managed providers, OAuth states, the audit log) and the keys that encrypt its secrets.
/// With no connection string it is a SQLite file in <see cref="DataDirectory"/>; with one, PostgreSQL (replicas).
/// </summary>
public sealed record StoreOptions
{
    /// <summary>The folder of the SQLite database (created 0700, the file 0600). Default <c>data</c> beside the binary.</summary>
    public string DataDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>An Npgsql connection string (from <c>Gateway:Store:ConnectionString</c> or <c>AI_DATABASE_URL</c>); null: SQLite.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Where <see cref="ConnectionString"/> came from, to name it in errors (the value holds a password).</summary>
    public string ConnectionSetting { get; init; } = "Gateway:Store:ConnectionString";

    /// <summary>AES-256 keys (32 bytes each), the first encrypts, every one decrypts. Empty: no secret can be stored.</summary>
    public IReadOnlyList<byte[]> EncryptionKeys { get; init; } = [];

    /// <summary>The setting the keys came from (<c>GATEWAY_ENCRYPTION_KEY</c>, <c>ENCRYPTION_KEY</c> or <c>Gateway:Store:EncryptionKeys</c>).</summary>
    public string EncryptionKeySetting { get; init; } = "GATEWAY_ENCRYPTION_KEY";

    /// <summary>How often the store's change version is read, the fallback when no Redis message arrives. Default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for the database at start-up and per command before the store counts as unavailable. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>OpenRouter's OAuth base (authorization page <c>/auth</c>, key endpoint <c>/api/v1/auth/keys</c>). Default <c>https://openrouter.ai</c>.</summary>
    public Uri OpenRouterAuthBase { get; init; } = new("https://openrouter.ai");

    /// <summary>
    /// OpenRouter's authorization page, when it is not <c>{auth base}/auth</c> (<c>Gateway:OpenRouter:AuthorizeUrl</c>):
    /// the browser opens it while the gateway calls the key endpoint, so the two may be reached by different names. Default null.
    /// </summary>
    public Uri? OpenRouterAuthorizeUrl { get; init; }

    /// <summary>How long a server-driven OpenRouter connect may take before its state expires. Default 10 minutes.</summary>
    public TimeSpan OAuthStateTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether PostgreSQL (rather than the embedded SQLite file) holds the control data.</summary>
    public bool IsPostgres => ConnectionString is not null;

    // A record prints every property: never the connection string (password) or the keys.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Database = {(IsPostgres ? "postgresql" : "sqlite")}, DataDirectory = {DataDirectory}, ");
        builder.Append(CultureInfo.InvariantCulture, $"EncryptionKeys = ({EncryptionKeys.Count} set, not shown), PollInterval = {PollInterval}");
        return true;
    }
}

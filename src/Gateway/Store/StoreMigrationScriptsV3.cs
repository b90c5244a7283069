namespace Gateway.Store;

/// <summary>
/// Migration 3: owners' limits (as the admin API's JSON) and the usage ledger, one row per UTC day, key, owner,
/// provider and model (<c>''</c> for no owner), cost in micro-USD so sums are exact. The same SQL on both databases.
/// </summary>
internal static class StoreMigrationScriptsV3
{
    public const string Both = """
        CREATE TABLE owner_limits (
          owner TEXT PRIMARY KEY,
          limits TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE usage_ledger (
          day TEXT NOT NULL,
          key_id TEXT NOT NULL,
          owner TEXT NOT NULL,
          provider TEXT NOT NULL,
          model TEXT NOT NULL,
          requests BIGINT NOT NULL DEFAULT 0,
          prompt_tokens BIGINT NOT NULL DEFAULT 0,
          completion_tokens BIGINT NOT NULL DEFAULT 0,
          cached_tokens BIGINT NOT NULL DEFAULT 0,
          cost_micro_usd BIGINT NOT NULL DEFAULT 0,
          errors BIGINT NOT NULL DEFAULT 0,
          PRIMARY KEY (day, key_id, owner, provider, model)
        );
        CREATE INDEX usage_ledger_owner ON usage_ledger (owner, day);
        """;
}

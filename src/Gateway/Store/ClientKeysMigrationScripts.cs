namespace Gateway.Store;

/// <summary>
/// Migration 2: managed client keys. A key is kept only as the SHA-256 hex of its text (<c>key_hash</c>, unique) and
/// a short <c>prefix</c> for display. A rotation keeps the row (its id, limits and usage carry on) and moves the old
/// hash to <c>previous_key_hash</c>, valid until <c>previous_valid_until</c>. <c>models</c> and <c>limits</c> are JSON.
/// </summary>
internal static class ClientKeysMigrationScripts
{
    public const string Sqlite = """
        CREATE TABLE client_keys (
          id TEXT PRIMARY KEY,
          owner TEXT NOT NULL,
          label TEXT,
          prefix TEXT NOT NULL,
          key_hash TEXT NOT NULL UNIQUE,
          previous_key_hash TEXT UNIQUE,
          previous_valid_until TEXT,
          models TEXT,
          limits TEXT,
          expires_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          last_used_at TEXT,
          revoked_at TEXT
        );
        CREATE INDEX client_keys_owner ON client_keys (owner);
        """;

    public const string Postgres = """
        CREATE TABLE client_keys (
          id TEXT PRIMARY KEY,
          owner TEXT NOT NULL,
          label TEXT,
          prefix TEXT NOT NULL,
          key_hash TEXT NOT NULL UNIQUE,
          previous_key_hash TEXT UNIQUE,
          previous_valid_until TIMESTAMPTZ,
          models TEXT,
          limits TEXT,
          expires_at TIMESTAMPTZ,
          created_at TIMESTAMPTZ NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL,
          last_used_at TIMESTAMPTZ,
          revoked_at TIMESTAMPTZ
        );
        CREATE INDEX client_keys_owner ON client_keys (owner);
        """;
}

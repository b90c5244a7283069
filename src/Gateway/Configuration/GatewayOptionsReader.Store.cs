using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Store</c> and <c>Gateway:OpenRouter</c> sections: the control-data store and its encryption keys.</summary>
internal sealed partial class GatewayOptionsReader
{
    private StoreOptions ReadStore(IConfigurationSection section, IConfigurationSection openRouter)
    {
        var defaults = new StoreOptions();
        var connection = Blank(section["ConnectionString"]);
        var connectionSetting = origins.Describe(ConfigurationPath.Combine(section.Path, "ConnectionString"));
        if (connection is not null && !DatabaseUrl.TryConvert(connection, out connection))
        {
            // Never quote the value: it holds the password.
            Error(section, "ConnectionString", "is not a postgres://user:password@host:port/database URL or an Npgsql connection string (Host=...;Database=...)");
            connection = null;
        }

        var keys = new List<byte[]>();
        foreach (var key in ReadList(section, "EncryptionKeys"))
        {
            if (EncryptionKeyText.TryParse(key, out var bytes))
            {
                keys.Add(bytes);
            }
            else
            {
                Error(section, "EncryptionKeys", "each key must be 32 bytes in base64 (run 'dotnet Gateway.dll generate-encryption-key'); the value is not shown");
            }
        }

        var authBase = Blank(openRouter["AuthBaseUrl"]);
        Uri? authUri = null;
        if (authBase is not null && (!Uri.TryCreate(authBase.TrimEnd('/'), UriKind.Absolute, out authUri) || (authUri.Scheme != Uri.UriSchemeHttp && authUri.Scheme != Uri.UriSchemeHttps)))
        {
            Error(openRouter, "AuthBaseUrl", $"'{authBase}' is not an absolute http(s) URL");
            authUri = null;
        }

        var authorize = Blank(openRouter["AuthorizeUrl"]);
        Uri? authorizeUri = null;
        if (authorize is not null && (!Uri.TryCreate(authorize, UriKind.Absolute, out authorizeUri) || (authorizeUri.Scheme != Uri.UriSchemeHttp && authorizeUri.Scheme != Uri.UriSchemeHttps)))
        {
            Error(openRouter, "AuthorizeUrl", $"'{authorize}' is not an absolute http(s) URL");
            authorizeUri = null;
        }

        return new StoreOptions
        {
            DataDirectory = Blank(section["DataDirectory"]) is { } directory ? Path.GetFullPath(directory, AppContext.BaseDirectory) : defaults.DataDirectory,
            ConnectionString = connection,
            ConnectionSetting = connectionSetting,
            EncryptionKeys = keys,
            EncryptionKeySetting = keys.Count == 0 ? "GATEWAY_ENCRYPTION_KEY" : origins.Describe(ConfigurationPath.Combine(section.Path, "EncryptionKeys")),
            PollInterval = ReadSeconds(section, "PollSeconds", defaults.PollInterval),
            CommandTimeout = ReadSeconds(section, "CommandTimeoutSeconds", defaults.CommandTimeout),
            OpenRouterAuthBase = authUri ?? defaults.OpenRouterAuthBase,
            OpenRouterAuthorizeUrl = authorizeUri,
            OAuthStateTtl = ReadSeconds(openRouter, "StateTtlSeconds", defaults.OAuthStateTtl),
        };
    }

    /// <summary>
    /// Client keys with their owners: <c>owner:&lt;owner&gt;:&lt;key&gt;</c> in the comma-separated form, or
    /// <c>{ "key": ..., "owner": ... }</c> objects in a JSON array. Keys without an owner belong to <see cref="GatewayOptions.StaticOwner"/>.
    /// </summary>
    private (List<string> Keys, Dictionary<string, string> Owners) ReadClientKeyOwners(IConfigurationSection section)
    {
        var keys = new List<string>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ReadList(section, "ClientKeys"))
        {
            Add(entry, null);
        }

        foreach (var child in section.GetSection("ClientKeys").GetChildren().Where(c => c.Value is null && c.GetChildren().Any()))
        {
            var key = Blank(child["Key"]);
            if (key is null)
            {
                Error(child, "Key", "a client key object needs a key");
                continue;
            }

            Add(key, Blank(child["Owner"]) ?? GatewayOptions.StaticOwner);
        }

        return (keys, owners);

        void Add(string entry, string? owner)
        {
            if (owner is null && entry.StartsWith("owner:", StringComparison.Ordinal) && entry.IndexOf(':', 6) is var colon and > 6 && colon < entry.Length - 1)
            {
                (owner, entry) = (entry[6..colon], entry[(colon + 1)..]);
            }

            owner ??= GatewayOptions.StaticOwner;
            if (!OwnerNamePattern().IsMatch(owner))
            {
                Error(section, "ClientKeys", "an owner must be 1-64 letters, digits, '.', '_', '@' or '-'");
                return;
            }

            if (!owners.TryAdd(entry, owner))
            {
                return;
            }

            keys.Add(entry);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex OwnerNamePattern();
}

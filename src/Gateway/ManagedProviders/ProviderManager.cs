using Gateway.Accounts.ProviderUsage;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Outbound;

namespace Gateway.ManagedProviders;

/// <summary>
/// The operations behind both provider APIs (an owner's <c>/api/ai-providers</c>, the admin's <c>/admin/providers</c>):
/// validate, encrypt, write with an audit line, and apply the change (<see cref="IStoreVersion"/>: routing, keys, replicas). <c>scope</c> is the caller's owner,
/// or <see cref="AnyOwner"/> for the admin: a record outside the scope is "not found", never "forbidden", so an owner
/// cannot even learn that another owner's provider exists.
/// </summary>
/// <remarks>
/// The outbound rule (docs/security.md, "Outbound destinations"): a provider reaches public addresses only unless the
/// admin sets <c>providerConfig.allowPrivateNetwork</c>; an owner's base URL is checked here at creation and on every
/// change, and the resolved address again at each connection.
/// </remarks>
internal sealed partial class ProviderManager(IManagedProviderStore store, IOAuthStateStore oauthStates, IProviderSecrets cipher, IStoreVersion changes, GatewayRegistry registry,
    GatewayOptions options, TimeProvider time, IProviderUsage usage, ProviderUrlCheck urlCheck)
{
    /// <summary>The admin's scope: every owner's providers and the global ones.</summary>
    public const string AnyOwner = "\0any";

    /// <summary>The provider types the API accepts: every registered one.</summary>
    public bool IsKnownType(string type) => registry.TryGetType(type, out var info) && info.Name == type;

    public async Task<IReadOnlyList<ManagedProviderRecord>> ListAsync(string scope, string? ownerFilter, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => InScope(r, scope) && (ownerFilter is null || (r.Owner ?? "") == ownerFilter)).Select(Live)];

    public async Task<(ManagedProviderRecord? Record, ApiError? Error)> GetAsync(string id, string scope, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return record is not null && InScope(record, scope) ? (Live(record), null) : (null, ApiError.NotFound());
    }

    /// <summary>The record with <c>currentUsage</c> live: this month's tokens from the ledger (the stored column is only a past copy).</summary>
    private ManagedProviderRecord Live(ManagedProviderRecord record) => record with { CurrentUsage = usage.Used(ManagedProviderOptions.NameOf(record)) };

    /// <param name="admin">Whether the caller holds the admin key (only it may set <c>allowPrivateNetwork</c>).</param>
    public async Task<(string? Id, ApiError? Error)> CreateAsync(ProviderInput input, string? owner, string actor, bool admin, CancellationToken cancellationToken)
    {
        if (input.Provider is not { } type || !IsKnownType(type))
        {
            return (null, ApiError.Invalid($"provider must be one of: {string.Join(", ", KnownTypes())}."));
        }

        var (key, keyError) = CheckKey(type, input.ApiKey, required: registry.TryGetType(type, out var info) && info.KeyRequired);
        if (keyError is not null)
        {
            return (null, keyError);
        }

        if (key is not null && !cipher.CanEncrypt)
        {
            return (null, ApiError.Encryption(options.Store.EncryptionKeySetting));
        }

        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString();
        var record = new ManagedProviderRecord
        {
            Id = id,
            Owner = owner,
            Provider = type,
            ApiKey = key is null ? null : cipher.Encrypt(key, id, SecretFields.ApiKey),
            KeyHash = key is null ? null : cipher.Hash(key),
            KeyLabel = input.KeyLabel,
            IsActive = input.IsActive ?? true,
            IsDefault = input.IsDefault ?? false,
            UsageLimit = input.UsageLimit,
            UsageRemaining = input.UsageRemaining ?? input.UsageLimit,
            CreatedAt = now,
            UpdatedAt = now,
            SupportedModels = input.SupportedModels,
            ProviderConfig = input.ProviderConfig,
        };
        if (!ManagedProviderOptions.TryCreate(record, key, registry, options.Timeouts, out var created, out var problem))
        {
            return (null, ApiError.Invalid(problem!));
        }

        if (await CheckOutboundAsync(created, record.ProviderConfig, admin, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return (null, refused);
        }

        try
        {
            var version = await store.CreateAsync(record, Audit(actor, "create", record, null), cancellationToken).ConfigureAwait(false);
            await changes.AppliedAsync(version, cancellationToken).ConfigureAwait(false);
            return (id, null);
        }
        catch (DuplicateProviderException)
        {
            return (null, ApiError.Duplicate($"A '{type}' provider already exists for this {(owner is null ? "gateway (global)" : "user")}: each may have one per provider type."));
        }
    }

    public async Task<ApiError?> UpdateAsync(string id, ProviderInput input, string scope, string actor, CancellationToken cancellationToken)
    {
        if (input.ApiKey is not null)
        {
            return ApiError.Invalid("An update cannot change the API key: use the rotate-key call.");
        }

        var (current, error) = await GetAsync(id, scope, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return error;
        }

        if (input.Provider is { } type && type != current.Provider)
        {
            return ApiError.Invalid("An update cannot change the provider type: delete the provider and create another.");
        }

        var changed = current with
        {
            KeyLabel = input.KeyLabel ?? current.KeyLabel,
            IsActive = input.IsActive ?? current.IsActive,
            IsDefault = input.IsDefault ?? current.IsDefault,
            UsageLimit = input.ClearsUsageLimit ? null : input.UsageLimit ?? current.UsageLimit,
            UsageRemaining = input.UsageRemaining ?? (input.UsageLimit is { } limit ? Math.Max(0, limit - current.CurrentUsage) : current.UsageRemaining),
            SupportedModels = input.SupportedModels ?? current.SupportedModels,
            ProviderConfig = input.ProviderConfig ?? current.ProviderConfig,
            UpdatedAt = time.GetUtcNow(),
        };
        if (!ManagedProviderOptions.TryCreate(changed, "(checked)", registry, options.Timeouts, out var updated, out var problem))
        {
            return ApiError.Invalid(problem!);
        }

        // An owner's change keeps the admin's allowPrivateNetwork only while the destination stays the same.
        if (input.ProviderConfig is not null && !(scope != AnyOwner && SameAllowedDestination(current.ProviderConfig, changed.ProviderConfig))
            && await CheckOutboundAsync(updated, changed.ProviderConfig, admin: scope == AnyOwner, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        return await WriteAsync(changed, Audit(actor, "update", changed, Changes(input)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiError?> DeleteAsync(string id, string scope, string actor, CancellationToken cancellationToken)
    {
        var (current, error) = await GetAsync(id, scope, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return error;
        }

        var version = await store.DeleteAsync(id, Audit(actor, "delete", current, null), cancellationToken).ConfigureAwait(false);
        if (version is not { } written)
        {
            return ApiError.NotFound();
        }

        await changes.AppliedAsync(written, cancellationToken).ConfigureAwait(false);
        return null;
    }

    public async Task<ApiError?> RotateKeyAsync(string id, string? newKey, string scope, string actor, CancellationToken cancellationToken)
    {
        var (current, error) = await GetAsync(id, scope, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return error;
        }

        var (key, keyError) = CheckKey(current.Provider, newKey, required: true);
        if (keyError is not null)
        {
            return keyError;
        }

        if (!cipher.CanEncrypt)
        {
            return ApiError.Encryption(options.Store.EncryptionKeySetting);
        }

        var rotated = current with { ApiKey = cipher.Encrypt(key!, id, SecretFields.ApiKey), KeyHash = cipher.Hash(key!), UpdatedAt = time.GetUtcNow() };
        return await WriteAsync(rotated, Audit(actor, "rotate-key", rotated, null), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApiError?> WriteAsync(ManagedProviderRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        var version = await store.UpdateAsync(record, audit, cancellationToken).ConfigureAwait(false);
        if (version is not { } written)
        {
            return ApiError.NotFound();
        }

        await changes.AppliedAsync(written, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Only the admin sets <c>allowPrivateNetwork</c>; without it, the base URL must pass <see cref="ProviderUrlCheck"/>.</summary>
    private async Task<ApiError?> CheckOutboundAsync(ProviderOptions provider, string? configJson, bool admin, CancellationToken cancellationToken)
    {
        if (!provider.PublicNetworkOnly)
        {
            return admin ? null : new ApiError(403, "FORBIDDEN", "providerConfig.allowPrivateNetwork can be set only with the admin key.");
        }

        // No baseUrl: the type's default URL, which the gateway chose; the connect-time check still applies.
        return ProviderConfigJson.TryRead(configJson, out var config, out _) && config.BaseUrl is { } url
            && await urlCheck.RefusesAsync(url, cancellationToken).ConfigureAwait(false) is { } problem
            ? ApiError.Invalid(problem)
            : null;
    }

    private static bool SameAllowedDestination(string? currentConfig, string? nextConfig) =>
        ProviderConfigJson.TryRead(currentConfig, out var current, out _) && current.AllowPrivateNetwork
        && ProviderConfigJson.TryRead(nextConfig, out var next, out _) && next.AllowPrivateNetwork && next.BaseUrl == current.BaseUrl;

    private static bool InScope(ManagedProviderRecord record, string scope) => scope == AnyOwner || record.Owner == scope;

    private IEnumerable<string> KnownTypes() => registry.TypeNamesOrdered;

    private static (string? Key, ApiError? Error) CheckKey(string type, string? key, bool required)
    {
        if (key is null)
        {
            return required ? (null, ApiError.InvalidKey($"A {type} provider needs an apiKey.")) : (null, null);
        }

        return ApiKeyFormats.Check(type, key) is { } problem ? (null, ApiError.InvalidKey(problem)) : (key, null);
    }

    private AuditEntry Audit(string actor, string action, ManagedProviderRecord record, string? detail) =>
        new(0, time.GetUtcNow(), actor, action, record.Id, record.Owner, record.Provider, detail);

    private static string Changes(ProviderInput input) => string.Join(",", new (string Name, bool Set)[]
    {
        ("keyLabel", input.KeyLabel is not null), ("isActive", input.IsActive is not null), ("isDefault", input.IsDefault is not null),
        ("usageLimit", input.UsageLimit is not null || input.ClearsUsageLimit), ("usageRemaining", input.UsageRemaining is not null),
        ("supportedModels", input.SupportedModels is not null), ("providerConfig", input.ProviderConfig is not null),
    }.Where(f => f.Set).Select(f => f.Name));
}

using Gateway.Contracts;

namespace Gateway.ManagedProviders;

/// <summary>OpenRouter connect (OAuth PKCE): the seed's exchange, and the server-driven flow with a state bound to its owner.</summary>
internal sealed partial class ProviderManager
{
    public const string OpenRouter = "openrouter";

    /// <summary>The seed's exchange: the client holds the verifier; the key OpenRouter returns becomes the owner's openrouter provider.</summary>
    public async Task<(string? Id, ApiError? Error)> ExchangeAsync(OpenRouterKeyClient openRouter, string owner, string actor, string? code, string? verifier, string? method, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(verifier))
        {
            return (null, ApiError.OAuth("code and codeVerifier are required."));
        }

        if (method is not null && method != Pkce.Method)
        {
            return (null, ApiError.OAuth("codeChallengeMethod must be S256."));
        }

        if (!cipher.CanEncrypt)
        {
            return (null, ApiError.Encryption(options.Store.EncryptionKeySetting));
        }

        var (key, userId, error) = await openRouter.ExchangeAsync(code, verifier, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return (null, ApiError.OAuth(error!));
        }

        return await ConnectAsync(owner, actor, key, userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a server-driven connect: a fresh verifier kept encrypted beside a state that only this owner can redeem, until it expires.</summary>
    public async Task<(Uri? Url, string? State, DateTimeOffset ExpiresAt, ApiError? Error)> BeginConnectAsync(OpenRouterKeyClient openRouter, string owner, string callbackUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var callback) || (callback.Scheme != Uri.UriSchemeHttp && callback.Scheme != Uri.UriSchemeHttps))
        {
            return (null, null, default, ApiError.Invalid("callback_url must be an absolute http(s) URL."));
        }

        if (!cipher.CanEncrypt)
        {
            return (null, null, default, ApiError.Encryption(options.Store.EncryptionKeySetting));
        }

        var (verifier, state, now) = (Pkce.NewVerifier(), Pkce.NewState(), time.GetUtcNow());
        var expires = now + options.Store.OAuthStateTtl;
        var withState = callbackUrl + (callback.Query.Length > 0 ? "&" : "?") + "state=" + state;
        await oauthStates.SaveAsync(new OAuthStateRecord(state, owner, cipher.Encrypt(verifier, state, SecretFields.CodeVerifier), withState, expires), now, cancellationToken).ConfigureAwait(false);
        return (openRouter.AuthorizationUrl(withState, Pkce.Challenge(verifier)), state, expires, null);
    }

    /// <summary>The callback of a server-driven connect: an expired, replayed or another owner's state is refused.</summary>
    public async Task<(string? Id, ApiError? Error)> CompleteConnectAsync(OpenRouterKeyClient openRouter, string owner, string actor, string? code, string? state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state))
        {
            return (null, ApiError.OAuth("code and state are required."));
        }

        var pending = await oauthStates.TakeAsync(state, owner, cancellationToken).ConfigureAwait(false);
        if (pending is null)
        {
            return (null, ApiError.OAuth("Unknown or already used state: start the connection again."));
        }

        if (pending.ExpiresAt <= time.GetUtcNow())
        {
            return (null, ApiError.OAuth("The connection attempt expired: start it again."));
        }

        if (!cipher.TryDecrypt(pending.CodeVerifier, pending.State, SecretFields.CodeVerifier, out var verifier))
        {
            return (null, ApiError.OAuth("The connection attempt cannot be completed (its verifier cannot be decrypted): start it again."));
        }

        return await ExchangeAsync(openRouter, owner, actor, code, verifier, Pkce.Method, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owner's openrouter provider gets the key: created, or its key replaced (an audit line says which).</summary>
    private async Task<(string? Id, ApiError? Error)> ConnectAsync(string owner, string actor, string key, string? userId, CancellationToken cancellationToken)
    {
        var existing = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Owner == owner && r.Provider == OpenRouter);
        if (existing is null)
        {
            var (id, error) = await CreateAsync(new ProviderInput { Provider = OpenRouter, ApiKey = key, KeyLabel = "OpenRouter" }, owner, actor, admin: false, cancellationToken).ConfigureAwait(false);
            if (id is not null && userId is not null)
            {
                var created = (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
                await WriteAsync(created with { ProviderUserId = userId }, Audit(actor, "oauth-connect", created, "providerUserId"), cancellationToken).ConfigureAwait(false);
            }

            return (id, error);
        }

        if (ApiKeyFormats.Check(OpenRouter, key) is { } problem)
        {
            return (null, ApiError.OAuth(problem));
        }

        var connected = existing with
        {
            ApiKey = cipher.Encrypt(key, existing.Id, SecretFields.ApiKey),
            KeyHash = cipher.Hash(key),
            ProviderUserId = userId ?? existing.ProviderUserId,
            UpdatedAt = time.GetUtcNow(),
        };
        var written = await WriteAsync(connected, Audit(actor, "oauth-connect", connected, "apiKey"), cancellationToken).ConfigureAwait(false);
        return written is null ? (existing.Id, null) : (null, written);
    }
}

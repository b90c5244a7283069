namespace Gateway.ManagedProviders;

/// <summary>A pending server-driven OpenRouter connect: the state, its owner, the encrypted PKCE verifier, and its expiry.</summary>
internal sealed record OAuthStateRecord(string State, string Owner, string CodeVerifier, string CallbackUrl, DateTimeOffset ExpiresAt);

namespace Gateway.ManagedProviders;

/// <summary>The field names bound into each ciphertext's associated data, with the record id.</summary>
internal static class SecretFields
{
    public const string ApiKey = "api_key";

    public const string AccessToken = "access_token";

    public const string RefreshToken = "refresh_token";

    public const string CodeVerifier = "code_verifier";
}

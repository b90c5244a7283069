namespace Gateway.Contracts;

/// <summary>A refusal of the provider and admin APIs (the seed's shape): the status and error code, with a message naming no secret.</summary>
internal sealed record ApiError(int Status, string Code, string Message)
{
    public static ApiError NotFound() => new(404, "PROVIDER_NOT_FOUND", "The specified AI provider was not found or you don't have access to it.");

    public static ApiError Invalid(string message) => new(400, "INVALID_REQUEST", message);

    public static ApiError InvalidKey(string message) => new(400, "INVALID_API_KEY", message);

    public static ApiError Duplicate(string message) => new(409, "DUPLICATE_PROVIDER", message);

    public static ApiError Encryption(string setting) =>
        new(500, "ENCRYPTION_FAILED", $"Failed to encrypt the API key: no encryption key is configured (set {setting}; 'dotnet Gateway.dll generate-encryption-key' prints one).");

    public static ApiError Unavailable(string database) =>
        new(503, "STORE_UNAVAILABLE", $"The control-data store ({database}) is unavailable: managed providers cannot be read or changed right now. Requests keep being routed on the last known providers; try again when it is back.");

    public static ApiError OAuth(string message) => new(400, "OAUTH_EXCHANGE_FAILED", message);
}

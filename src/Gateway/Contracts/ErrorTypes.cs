namespace Gateway.Contracts;

/// <summary>The <c>error.type</c> values of OpenAI error bodies that the gateway produces.</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string ServiceUnavailable = "service_unavailable";
}

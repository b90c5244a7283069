namespace Gateway.Configuration;

/// <summary>
/// How requests are translated for a provider of another protocol. The defaults live here.
/// </summary>
public sealed record TranslationOptions
{
    /// <summary>
    /// A built-in tool of the Responses API (<c>web_search</c>, <c>local_shell</c>, ...) the provider does not have
    /// fails the request with 400 instead of being left out (and named in <c>x-gateway-omitted</c>). Default false.
    /// </summary>
    public bool Strict { get; init; }
}

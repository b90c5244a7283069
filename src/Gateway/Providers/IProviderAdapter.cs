namespace Gateway.Providers;

/// <summary>
/// Turns a gateway call into one provider's upstream request: URL and authentication. The body is the
/// client's OpenAI-shaped JSON with the model rewritten; the caller sets it as the request content.
/// </summary>
internal interface IProviderAdapter
{
    /// <summary>A new request for <paramref name="operation"/> on <paramref name="model"/>, with the provider's credentials.</summary>
    HttpRequestMessage CreateRequest(UpstreamOperation operation, string model);
}

namespace Gateway.Providers;

/// <summary>
/// Turns a gateway call into one provider's upstream request: URL and authentication. The body is the
/// client's OpenAI-shaped JSON with the model rewritten; the caller sets it as the request content.
/// </summary>
internal interface IProviderAdapter
{
    /// <summary>A new request for <paramref name="operation"/> on <paramref name="model"/>, with the provider's credentials.</summary>
    HttpRequestMessage CreateRequest(UpstreamOperation operation, string model);

    /// <summary>
    /// Whether the provider's protocol can take <paramref name="operation"/> with these content parts. Routing leaves
    /// out candidates that cannot, so they are never tried (and never end a request another provider could serve).
    /// OpenAI-compatible protocols take everything.
    /// </summary>
    bool CanServe(UpstreamOperation operation, Contracts.ContentKinds content) => true;

    /// <summary>
    /// Whether the provider speaks <paramref name="operation"/>'s own wire format (Responses, Anthropic Messages), so the
    /// client's body passes through with only the model replaced. Otherwise such an operation reaches it as chat completions.
    /// </summary>
    bool ServesNatively(UpstreamOperation operation) => false;

    /// <summary>The provider's wire format for chat (and what reaches it as chat). Chat completions unless it says otherwise.</summary>
    Protocols.WireFormat Format => Protocols.WireFormat.Chat;

    /// <summary>The translator between chat and <see cref="Format"/> (found by that pair), or null for a provider that speaks chat.</summary>
    ProtocolTranslator? Translator => null;
}

namespace Gateway.Protocols.Responses;

/// <summary>
/// How one Responses request becomes chat for one provider. <see cref="Strict"/>: a built-in tool the provider lacks
/// fails the request (400) instead of being left out. <see cref="ServesBuiltIn"/>: whether the provider's translator
/// runs a built-in tool (by its unversioned name, <c>web_search</c>) itself; null when none.
/// </summary>
internal sealed record ResponsesTranslationOptions(bool Strict, Func<string, bool>? ServesBuiltIn)
{
    public static ResponsesTranslationOptions Default { get; } = new(false, null);
}

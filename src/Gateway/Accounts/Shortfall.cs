namespace Gateway.Accounts;

/// <summary>The values of a limit set's <c>onShortfall</c>.</summary>
internal static class Shortfall
{
    /// <summary>Answer 429 <c>usage_limit_exceeded</c> (the default).</summary>
    public const string Refuse = "refuse";

    /// <summary>Lower the request's <c>max_tokens</c> to what the budget covers.</summary>
    public const string Clamp = "clamp";
}

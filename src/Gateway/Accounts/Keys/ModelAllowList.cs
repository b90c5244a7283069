namespace Gateway.Accounts.Keys;

/// <summary>
/// A key's <c>models</c>: the model names and tiers it may ask for (<c>smart</c>, <c>gpt-4o-mini</c>, compared without
/// case) and <c>provider/*</c> entries, which allow any request pinned to that provider (the <c>provider/model</c>
/// name or the <c>X-Gateway-Provider</c> header). Checked before resolution, so a refused key learns nothing about routing.
/// </summary>
internal static class ModelAllowList
{
    public static bool Allows(IReadOnlyList<string> allowed, string? model, string? pinned)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        foreach (var entry in allowed)
        {
            if (model is not null && string.Equals(entry, model, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (entry.EndsWith("/*", StringComparison.Ordinal) && entry.AsSpan(0, entry.Length - 2) is var provider
                && ((pinned is not null && provider.Equals(pinned, StringComparison.OrdinalIgnoreCase))
                    || (pinned is null && model is not null && model.Length > provider.Length + 1 && model[provider.Length] == '/'
                        && model.AsSpan(0, provider.Length).Equals(provider, StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return false;
    }
}

namespace Gateway.Providers.AzureOpenAI;

/// <summary>
/// Which strings may be an Azure OpenAI deployment name, i.e. a URL path segment that carries the provider's key.
/// Azure names deployments with letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most 64 characters; a name of only
/// dots is refused besides, because <c>.</c> and <c>..</c> are path steps that would move the request (and the
/// <c>api-key</c>) to another path of the resource.
/// </summary>
internal static class AzureDeploymentName
{
    public const int MaxLength = 64;

    public const string Rule = "letters, digits, '-', '_' and '.', not only dots, at most 64 characters";

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }

        var onlyDots = true;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }

            onlyDots &= c == '.';
        }

        return !onlyDots;
    }
}

namespace Gateway.Forwarding;

/// <summary>Whether a value may go into a response header as it is: visible ASCII, spaces and tabs, bounded.</summary>
internal static class HeaderValue
{
    public const int MaxLength = 1024;

    public static bool IsSafe(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= ' ' and <= '~') or '\t'))
            {
                return false;
            }
        }

        return true;
    }
}

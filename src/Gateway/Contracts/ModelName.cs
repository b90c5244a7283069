namespace Gateway.Contracts;

/// <summary>
/// What a client's model name may be: 1 to 256 characters of printable ASCII without spaces (letters, digits and
/// punctuation such as <c>-._:/@</c>). Every real provider's names fit; anything else would have to be escaped in
/// URLs, headers and logs, so it is refused at the door with a 400.
/// </summary>
internal static class ModelName
{
    public const int MaxLength = 256;

    public static bool IsValid(ReadOnlySpan<char> model)
    {
        if (model.IsEmpty || model.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in model)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public const string Rule = "1 to 256 printable ASCII characters without spaces";
}

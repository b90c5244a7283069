using System.Globalization;
using System.Text;

namespace Gateway.Health.Redis;

/// <summary>
/// Makes a string read from Redis safe to log: whoever can write there chooses it, so control, format and
/// line-breaking characters (CR, LF, NEL, U+2028, bidi overrides) become '?' and it is cut at 64 characters.
/// </summary>
internal static class LogText
{
    public const int MaxLength = 64;

    public static string From(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxLength + 1));
        foreach (var c in value)
        {
            if (text.Length == MaxLength)
            {
                text.Append('…');
                break;
            }

            text.Append(IsUnsafe(c) ? '?' : c);
        }

        return text.ToString();
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}

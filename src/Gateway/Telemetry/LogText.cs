using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.Telemetry;

/// <summary>
/// Makes a string a client or provider controls safe to log: one line, bounded. Control characters (CR, LF, NUL,
/// ESC, ...), Unicode line and paragraph separators, bidi overrides and lone surrogates become <c>\uXXXX</c>, so a
/// value cannot forge a log line or hide its real text; a long value keeps its first <c>max</c> characters, then
/// <c>…(N chars)</c> with the original length.
/// </summary>
internal static class LogText
{
    public const int DefaultMax = 256;

    // Printable ASCII: the common case, checked without looking at each character's category.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Safe(string? value, int max = DefaultMax)
    {
        if (value is null || (value.Length <= max && (!value.AsSpan().ContainsAnyExcept(Plain) || IsClean(value))))
        {
            return value;
        }

        var end = Math.Min(value.Length, Math.Max(max, 0));
        if (end > 0 && end < value.Length && char.IsHighSurrogate(value[end - 1]) && char.IsLowSurrogate(value[end]))
        {
            end--;
        }

        var text = new StringBuilder(end + 24);
        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (NeedsEscape(c))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        if (end < value.Length)
        {
            text.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return text.ToString();
    }

    private static bool IsClean(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (NeedsEscape(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c)
        || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}

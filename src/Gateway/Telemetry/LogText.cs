namespace Gateway.Telemetry;

/// <summary>Makes text from clients or upstreams safe for a log line: no control characters, bounded length.</summary>
internal static class LogText
{
    public static string Safe(string? text, int max = 256)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= max)
        {
            return text;
        }

        var span = text.AsSpan(0, Math.Min(text.Length, max));
        var chars = new char[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            chars[i] = char.IsControl(span[i]) || span[i] is '\u2028' or '\u2029' || char.IsSurrogate(span[i]) ? '?' : span[i];
        }

        return text.Length <= max ? new string(chars) : $"{new string(chars)}...({text.Length} chars)";
    }
}

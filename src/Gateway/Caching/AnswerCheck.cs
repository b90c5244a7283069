namespace Gateway.Caching;

/// <summary>
/// Whether a recorded answer may be kept: what is never cached whatever the request asked. A tool call (a
/// <c>"tool_calls"</c> or <c>"function_call"</c> property that is neither null nor empty, or a <c>"tool_calls"</c>
/// value such as the finish reason, in a whole answer or in any event of a stream): the client acts on it, and the next
/// turn should reach the model. A linear scan of the bytes, no parse: inside a JSON string a quote is escaped, so an
/// unescaped <c>"tool_calls"</c> is a property name or a whole string value, never part of a text.
/// </summary>
internal static class AnswerCheck
{
    public static bool HasToolCall(ReadOnlySpan<byte> body) =>
        HasNonEmpty(body, "\"tool_calls\""u8) || HasNonEmpty(body, "\"function_call\""u8);

    private static bool HasNonEmpty(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        var at = 0;
        while (at < body.Length)
        {
            var found = body[at..].IndexOf(name);
            if (found < 0)
            {
                return false;
            }

            var before = body[..(at + found)].TrimEnd(" \t\r\n"u8);
            if (before.Length > 0 && before[^1] == (byte)':')
            {
                return true; // a value: "finish_reason": "tool_calls"
            }

            var rest = SkipSpace(body[(at + found + name.Length)..]);
            if (rest.Length > 0 && rest[0] == (byte)':')
            {
                var value = SkipSpace(rest[1..]);
                var empty = value.StartsWith("null"u8) || (value.Length > 0 && value[0] == (byte)'[' && SkipSpace(value[1..]) is [(byte)']', ..]);
                if (!empty)
                {
                    return true;
                }
            }

            at += found + name.Length;
        }

        return false;
    }

    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return span[i..];
    }
}

namespace Gateway.Protocols.Messages;

/// <summary>
/// Follows JSON text that arrives in pieces (a tool call's streamed arguments) just far enough to tell when it
/// holds one complete object or array: nesting depth outside strings, and escapes inside them. Linear, no buffer.
/// </summary>
internal sealed class JsonCompleteness
{
    private int _depth;
    private bool _inString;
    private bool _escaped;

    /// <summary>Whether an object or array has opened and closed again at the top level.</summary>
    public bool Complete { get; private set; }

    public void Feed(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (c == '\\')
                {
                    _escaped = true;
                }
                else if (c == '"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    _inString = true;
                    break;
                case '{' or '[':
                    _depth++;
                    break;
                case '}' or ']' when _depth > 0:
                    Complete |= --_depth == 0;
                    break;
            }
        }
    }
}

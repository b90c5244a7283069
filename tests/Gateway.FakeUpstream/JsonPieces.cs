using System.Text;

namespace Gateway.FakeUpstream;

/// <summary>How the fake cuts a JSON text into stream deltas, as providers do: never whole, rarely on token boundaries.</summary>
public static class JsonPieces
{
    /// <summary>Cuts a text into <paramref name="count"/> nearly equal pieces (fewer when it is shorter, none when it is empty), never inside a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int count)
    {
        count = Math.Clamp(count, 1, Math.Max(1, text.Length));
        var pieces = new List<string>(count);
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = i == count ? text.Length : (int)((long)text.Length * i / count);
            if (end > start && end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            if (end > start)
            {
                pieces.Add(text[start..end]);
                start = end;
            }
        }

        return pieces;
    }

    /// <summary>Compact JSON with a space after every <c>:</c> and <c>,</c> outside strings, as Anthropic's partial_json reads.</summary>
    public static string Spaced(string json)
    {
        var builder = new StringBuilder(json.Length + 8);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            builder.Append(c);
            if (inString)
            {
                if (c == '\\' && i + 1 < json.Length)
                {
                    builder.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is ':' or ',')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    /// <summary>Cuts spaced JSON after every <c>": "</c> outside strings: one key (then one value) at a time, as Anthropic streams tool input.</summary>
    public static IReadOnlyList<string> AfterKeys(string spacedJson)
    {
        var pieces = new List<string>();
        var start = 0;
        var inString = false;
        for (var i = 0; i < spacedJson.Length; i++)
        {
            var c = spacedJson[i];
            if (inString)
            {
                i += c == '\\' ? 1 : 0;
                inString = c != '"';
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == ':' && i + 1 < spacedJson.Length && spacedJson[i + 1] == ' ')
            {
                pieces.Add(spacedJson[start..(i + 2)]);
                start = i + 2;
            }
        }

        if (start < spacedJson.Length)
        {
            pieces.Add(spacedJson[start..]);
        }

        return pieces;
    }
}

using System.Text;

namespace Gateway.Contracts;

/// <summary>A part's headers: the one that matters is <c>Content-Disposition: form-data; name="..."</c>.</summary>
internal readonly partial record struct MultipartEnvelope
{
    private static bool TryReadName(ReadOnlySpan<byte> headers, out string name, out string error)
    {
        name = "";
        var found = false;
        while (!headers.IsEmpty)
        {
            var end = headers.IndexOf("\r\n"u8);
            var line = end < 0 ? headers : headers[..end];
            headers = end < 0 ? [] : headers[(end + 2)..];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
            {
                continue; // an obsolete folded continuation: never the disposition's own line
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return Malformed("a part header has no name and colon", out error);
            }

            if (!Ascii.EqualsIgnoreCase(line[..colon].Trim(" \t"u8), "Content-Disposition"u8))
            {
                continue;
            }

            if (found)
            {
                return Malformed("a part has two Content-Disposition headers", out error);
            }

            found = true;
            if (!TryReadDisposition(line[(colon + 1)..], ref name, out error))
            {
                return false;
            }
        }

        if (name.Length == 0)
        {
            return Malformed("a part has no Content-Disposition: form-data header with a name", out error);
        }

        error = "";
        return true;
    }

    /// <summary><c>form-data</c>, then <c>; attribute=value</c> pairs whose values are tokens or quoted strings.</summary>
    private static bool TryReadDisposition(ReadOnlySpan<byte> value, ref string name, out string error)
    {
        var semicolon = value.IndexOf((byte)';');
        if (!Ascii.EqualsIgnoreCase((semicolon < 0 ? value : value[..semicolon]).Trim(" \t"u8), "form-data"u8))
        {
            return Malformed("a part's Content-Disposition is not form-data", out error);
        }

        var rest = semicolon < 0 ? [] : value[(semicolon + 1)..];
        while (!rest.IsEmpty)
        {
            var equals = rest.IndexOfAny((byte)'=', (byte)';');
            var attribute = (equals < 0 ? rest : rest[..equals]).Trim(" \t"u8);
            if (equals < 0 || rest[equals] == (byte)';')
            {
                rest = equals < 0 ? [] : rest[(equals + 1)..]; // a parameter without a value: nothing to read
                continue;
            }

            rest = rest[(equals + 1)..].TrimStart(" \t"u8);
            ReadOnlySpan<byte> raw;
            var quoted = !rest.IsEmpty && rest[0] == (byte)'"';
            if (quoted)
            {
                var close = ClosingQuote(rest);
                if (close < 0)
                {
                    return Malformed("a Content-Disposition parameter has an unterminated quoted value", out error);
                }

                raw = rest[1..close];
                rest = rest[(close + 1)..].TrimStart(" \t"u8);
                if (!rest.IsEmpty && rest[0] != (byte)';')
                {
                    return Malformed("a Content-Disposition parameter has text after its quoted value", out error);
                }
            }
            else
            {
                var stop = rest.IndexOf((byte)';');
                raw = (stop < 0 ? rest : rest[..stop]).TrimEnd(" \t"u8);
                rest = stop < 0 ? [] : rest[stop..];
            }

            rest = rest.IsEmpty ? rest : rest[1..];
            if (Ascii.EqualsIgnoreCase(attribute, "name"u8))
            {
                if (name.Length > 0)
                {
                    return Malformed("a part has two names", out error);
                }

                name = Decode(raw, quoted);
                if (name.Length == 0)
                {
                    return Malformed("a part has an empty name", out error);
                }
            }
        }

        error = "";
        return true;
    }

    /// <summary>The index of the quote that closes the quoted string <paramref name="value"/> starts with, or -1.</summary>
    private static int ClosingQuote(ReadOnlySpan<byte> value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == (byte)'\\')
            {
                i++;
            }
            else if (value[i] == (byte)'"')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Decode(ReadOnlySpan<byte> raw, bool quoted)
    {
        if (!quoted || raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var unescaped = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            unescaped[length++] = raw[i] == (byte)'\\' && i + 1 < raw.Length ? raw[++i] : raw[i];
        }

        return Encoding.UTF8.GetString(unescaped, 0, length);
    }
}

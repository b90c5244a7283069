using System.Text;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>What a generated path spells, after the server's decoding, case folding and dot-segment removal.</summary>
internal enum PathKind
{
    /// <summary>Under <c>/v1</c>: needs a client key.</summary>
    V1,

    /// <summary>Under <c>/admin</c>: needs the admin key.</summary>
    Admin,

    /// <summary><c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>: open.</summary>
    Open,

    /// <summary>Nothing the gateway serves.</summary>
    Unknown,
}

/// <summary>One generated request, with what the generator knows about it (which the invariants need).</summary>
internal sealed record FuzzRequest(
    string Method,
    string Target,
    PathKind Kind,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body,
    bool ValidClientKey,
    bool ValidAdminKey)
{
    /// <summary>Printed by CsCheck for a failing sample: enough to replay it by hand, long values cut.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Cut(Target, 200)).Append(" [").Append(Kind).Append(']');
        foreach (var (name, value) in Headers)
        {
            text.Append("\n  ").Append(name).Append(": ").Append(Escape(value, 120));
        }

        if (Body is not null)
        {
            text.Append("\n  body (").Append(Body.Length).Append(" bytes): ").Append(EscapeBytes(Body, 600));
        }

        return text.ToString();
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : $"{value[..max]}...({value.Length} chars)";

    private static string Escape(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            text.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return value.Length > max ? $"{text}...({value.Length} chars)" : text.ToString();
    }

    /// <summary>Printable ASCII as is, every other byte as \xNN, so invalid UTF-8 shows exactly.</summary>
    public static string EscapeBytes(byte[] bytes, int max)
    {
        var text = new StringBuilder();
        foreach (var b in bytes.Take(max))
        {
            text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }

        return bytes.Length > max ? text.Append("...").ToString() : text.ToString();
    }
}

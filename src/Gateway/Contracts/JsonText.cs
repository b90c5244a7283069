using System.Text.Json;

namespace Gateway.Contracts;

/// <summary>
/// What the gateway's JSON readers accept from a client, in one place: nesting up to <see cref="MaxDepth"/> levels (the
/// ingress reader's limit, which every parse of a client's body uses too, so a body the ingress let through never
/// fails deeper in), and text whose <c>\u</c> escapes decode (a lone surrogate such as <c>\ud800</c> does not).
/// </summary>
internal static class JsonText
{
    /// <summary>The deepest nesting of a client's body any reader of the gateway accepts.</summary>
    public const int MaxDepth = 128;

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Why <paramref name="json"/> cannot be read in full (too deep, not JSON, a string that is no text), or null when
    /// it can. One linear pass; only strings with escapes are decoded.
    /// </summary>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !Decodes(ref reader))
                {
                    return "The request body holds a string whose \\u escapes are not valid text (a lone surrogate such as \\ud800).";
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return reader.CurrentDepth >= MaxDepth - 1
                ? $"The request body is nested too deeply (at most {MaxDepth} levels)."
                : "We could not parse the JSON body of your request. The body must be a valid JSON object.";
        }
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

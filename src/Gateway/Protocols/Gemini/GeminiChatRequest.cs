using Gateway.Contracts;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// A Gemini request mapped to chat completions once, when it arrives: the chat body (its first property
/// <c>"model":""</c>, filled in per attempt by <see cref="WithModel"/>), what routing needs to know of its content,
/// whether the client asked for thought parts, and the Gemini fields left out because chat has nothing for them.
/// </summary>
internal sealed record GeminiChatRequest(byte[] Body, ContentKinds Kinds, bool IncludeThoughts, IReadOnlyList<string> LeftOut)
{
    /// <summary>The prefix every mapped body starts with: <c>{"model":""</c>.</summary>
    internal static ReadOnlySpan<byte> EmptyModel => "{\"model\":\"\""u8;

    /// <summary>The chat body for <paramref name="model"/> (one copy: the model spliced in after the prefix).</summary>
    public byte[] WithModel(string model)
    {
        var encoded = System.Text.Json.JsonEncodedText.Encode(model, ProtocolJson.Writer.Encoder).EncodedUtf8Bytes;
        const int prefix = 9; // {"model":
        var rest = Body.AsSpan(EmptyModel.Length);
        var body = new byte[prefix + encoded.Length + 2 + rest.Length];
        Body.AsSpan(0, prefix).CopyTo(body);
        body[prefix] = (byte)'"';
        encoded.CopyTo(body.AsSpan(prefix + 1));
        body[prefix + 1 + encoded.Length] = (byte)'"';
        rest.CopyTo(body.AsSpan(prefix + 2 + encoded.Length));
        return body;
    }
}

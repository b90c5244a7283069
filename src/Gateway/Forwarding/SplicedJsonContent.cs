namespace Gateway.Forwarding;

/// <summary>
/// The client's JSON body sent upstream with the model token replaced and, optionally, bytes inserted before the
/// root object's closing brace (<c>stream_options</c>). Written as slices of the original buffer: nothing is
/// re-serialised or copied. With neither change the body goes as it came.
/// </summary>
/// <param name="body">The client's body.</param>
/// <param name="modelStart">Where the model token starts.</param>
/// <param name="modelLength">The model token's length.</param>
/// <param name="model">The replacement token, or null to keep the client's.</param>
/// <param name="insertAt">Offset of the root's closing brace (after the model token).</param>
/// <param name="insert">Bytes to insert there, or null.</param>
internal sealed class SplicedJsonContent(ReadOnlyMemory<byte> body, int modelStart, int modelLength, byte[]? model, int insertAt = 0, byte[]? insert = null)
    : SplicedContent(body, modelStart, modelLength, model, insertAt, insert, "application/json");

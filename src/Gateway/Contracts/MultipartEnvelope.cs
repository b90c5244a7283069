using System.Text;

namespace Gateway.Contracts;

/// <summary>
/// What routing needs from a <c>multipart/form-data</c> body, read in one pass over the raw bytes without copying
/// a part: the <c>model</c> field's value and where it sits (so it can be replaced in place), and that the required
/// part is there. The structure is checked as it is walked (RFC 2046/7578): the first boundary, a header block ending
/// in an empty line for every part, a <c>Content-Disposition: form-data</c> with a name, and the closing boundary.
/// </summary>
/// <param name="Model">The <c>model</c> field's value.</param>
/// <param name="ModelStart">Offset of that value in the body.</param>
/// <param name="ModelLength">Its length in bytes.</param>
internal readonly partial record struct MultipartEnvelope(string Model, int ModelStart, int ModelLength)
{
    /// <summary>A part's header block longer than this is refused: real ones are a few hundred bytes.</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>
    /// Parses and validates <paramref name="body"/>, whose boundary is <paramref name="boundary"/> (already checked by
    /// <see cref="MultipartBoundary"/>); on failure <paramref name="error"/> is the client-facing message.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, string boundary, string requiredPart, out MultipartEnvelope envelope, out string error)
    {
        envelope = default;

        // "--boundary" opens the first part (after an optional preamble); "\r\n--boundary" ends every part.
        Span<byte> delimiter = stackalloc byte[4 + boundary.Length];
        "\r\n--"u8.CopyTo(delimiter);
        Encoding.ASCII.GetBytes(boundary, delimiter[4..]);
        int at;
        if (body.StartsWith(delimiter[2..]))
        {
            at = delimiter.Length - 2;
        }
        else if (body.IndexOf(delimiter) is var first and >= 0)
        {
            at = first + delimiter.Length;
        }
        else
        {
            return Malformed("it does not start with its boundary", out error);
        }

        string? model = null;
        int modelStart = 0, modelLength = 0;
        var sawRequired = false;
        while (!body[at..].StartsWith("--"u8))
        {
            // The rest of a boundary line may only be whitespace (RFC 2046's transport padding).
            var line = body[at..].IndexOf("\r\n"u8);
            if (line < 0 || body.Slice(at, line).IndexOfAnyExcept(" \t"u8) >= 0)
            {
                return Malformed(line < 0 ? "it does not end with its closing boundary" : "a boundary line is followed by other text", out error);
            }

            at += line + 2;
            var headers = body[at..].StartsWith("\r\n"u8) ? 0 : body[at..Math.Min(body.Length, at + MaxHeaderBytes)].IndexOf("\r\n\r\n"u8);
            if (headers < 0)
            {
                return Malformed($"a part's headers do not end with an empty line within {MaxHeaderBytes} bytes", out error);
            }

            if (!TryReadName(body.Slice(at, headers), out var name, out error))
            {
                return false;
            }

            var start = at + headers + (headers == 0 ? 2 : 4);
            var length = body[start..].IndexOf(delimiter);
            if (length < 0)
            {
                return Malformed("it does not end with its closing boundary", out error);
            }

            if (name == "model")
            {
                if (model is not null)
                {
                    error = "'model' appears more than once.";
                    return false;
                }

                if (!TryReadModel(body.Slice(start, length), out model, out error))
                {
                    return false;
                }

                (modelStart, modelLength) = (start, length);
            }

            sawRequired |= name == requiredPart;
            at = start + length + delimiter.Length;
        }

        if (string.IsNullOrEmpty(model))
        {
            error = "You must provide a model parameter.";
            return false;
        }

        if (!sawRequired)
        {
            error = $"Missing required parameter: '{requiredPart}'.";
            return false;
        }

        (envelope, error) = (new MultipartEnvelope(model, modelStart, modelLength), "");
        return true;
    }

    private static bool TryReadModel(ReadOnlySpan<byte> value, out string model, out string error)
    {
        // Checked on the bytes first: a long or binary value is refused without being decoded.
        model = value.Length <= ModelName.MaxLength && System.Text.Unicode.Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : "\0";
        if (model.Length > 0 && !ModelName.IsValid(model))
        {
            error = $"'model' must be {ModelName.Rule}.";
            return false;
        }

        error = "";
        return true;
    }

    private static bool Malformed(string detail, out string error)
    {
        error = $"The multipart/form-data body is malformed: {detail}.";
        return false;
    }
}

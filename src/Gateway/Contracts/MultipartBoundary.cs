using Microsoft.Net.Http.Headers;

namespace Gateway.Contracts;

/// <summary>
/// The boundary of a <c>multipart/form-data</c> body, from its Content-Type, checked against RFC 2046 (1 to 70 of
/// letters, digits and <c>'()+_,-./:=?</c> or a space that is not the last), so it can be searched for in the body and
/// written back into the upstream request's Content-Type unchanged.
/// </summary>
internal static class MultipartBoundary
{
    public const int MaxLength = 70;

    private const string Punctuation = "'()+_,-./:=? ";

    /// <summary>
    /// The boundary; otherwise <paramref name="status"/> is 415 (not <c>multipart/form-data</c>) or 400 (no or a bad
    /// boundary) and <paramref name="error"/> the client-facing message.
    /// </summary>
    public static bool TryRead(string? contentType, out string boundary, out int status, out string error)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            (status, error) = (415, "Unsupported content type: send the request body as multipart/form-data.");
            return false;
        }

        var value = HeaderUtilities.RemoveQuotes(media.Boundary);
        if (!IsValid(value.AsSpan()))
        {
            (status, error) = (400, value.Length == 0
                ? "The multipart/form-data Content-Type has no boundary."
                : $"The multipart/form-data boundary must be 1 to {MaxLength} letters, digits or {Punctuation.TrimEnd()} characters (a space not last).");
            return false;
        }

        (boundary, status, error) = (value.ToString(), 200, "");
        return true;
    }

    /// <summary>The Content-Type that announces <paramref name="boundary"/> (quoted when it holds characters a token may not).</summary>
    public static string ContentType(string boundary) =>
        boundary.AsSpan().IndexOfAny("()',/:=? ") >= 0 ? $"multipart/form-data; boundary=\"{boundary}\"" : "multipart/form-data; boundary=" + boundary;

    private static bool IsValid(ReadOnlySpan<char> boundary)
    {
        if (boundary.IsEmpty || boundary.Length > MaxLength || boundary[^1] == ' ')
        {
            return false;
        }

        foreach (var c in boundary)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !Punctuation.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Globalization;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>An HTTP/1.1 response as read off the socket; <see cref="Status"/> 0 when the connection closed without one.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, int HeaderBytes, byte[] Body, bool WriteFailed)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) =>
        string.Join(",", Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));

    public bool HasHeader(string name) => Headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static RawResponse Parse(byte[] received, bool writeFailed, bool head)
    {
        var end = received.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return new RawResponse(0, [], received.Length, [], writeFailed);
        }

        var lines = Encoding.Latin1.GetString(received, 0, end).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => (p[0].Trim(), p.Length > 1 ? p[1].Trim() : "")).ToList();
        var body = head ? [] : received[(end + 4)..];
        if (headers.Any(h => h.Item1.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Item2.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, end + 4, body, writeFailed);
    }

    /// <summary>Decodes a chunked body; a truncated one keeps what arrived.</summary>
    private static byte[] Dechunk(byte[] chunked)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(chunked, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            var take = Math.Min(size, chunked.Length - position);
            output.Write(chunked, position, take);
            position += take + 2;
        }

        return output.ToArray();
    }
}

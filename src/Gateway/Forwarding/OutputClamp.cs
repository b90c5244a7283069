using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Gateway.Providers;

namespace Gateway.Forwarding;

/// <summary>
/// A JSON request with its output lowered to what the caller's budget covers: every top-level <c>max_tokens</c>,
/// <c>max_completion_tokens</c> and <c>max_output_tokens</c> above the clamp (or not a number) becomes the clamp; a body
/// with none gets one (<c>max_output_tokens</c> for the Responses API, <c>max_tokens</c> otherwise). The rest of the
/// body is copied as it came. Pure; used only for clamped requests.
/// </summary>
internal static class OutputClamp
{
    public static byte[] Apply(ReadOnlySpan<byte> json, long max, UpstreamOperation kind)
    {
        var value = System.Text.Encoding.ASCII.GetBytes(max.ToString(CultureInfo.InvariantCulture));
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return json.ToArray();
        }

        var output = new ArrayBufferWriter<byte>(json.Length + 48);
        var (at, found, properties) = (0, false, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            properties++;
            var limit = reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_output_tokens"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var keep = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var asked) && asked > 0 && asked <= max;
            reader.Skip();
            if (limit)
            {
                found = true;
                if (!keep)
                {
                    output.Write(json[at..start]);
                    output.Write(value);
                    at = (int)reader.BytesConsumed;
                }
            }
        }

        var end = (int)reader.TokenStartIndex; // the root's closing brace
        output.Write(json[at..end]);
        if (!found)
        {
            output.Write(properties > 0 ? ","u8 : ""u8);
            output.Write(kind == UpstreamOperation.Responses ? "\"max_output_tokens\":"u8 : "\"max_tokens\":"u8);
            output.Write(value);
        }

        output.Write(json[end..]);
        return output.WrittenSpan.ToArray();
    }
}

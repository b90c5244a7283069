using System.Text.Json;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// The input tokens of a request body before the provider says: every string value counted with the o200k tokenizer
/// (names such as <c>model</c>, <c>role</c>, <c>type</c> and ids left out), plus a few tokens per value for the
/// chat template's framing. What a translated stream's first event reports (<c>message_start</c>,
/// <c>response.created</c>), so a client that reads usage there sees a close figure; the last event carries the
/// provider's real count.
/// </summary>
internal static class InputTokenEstimate
{
    private const int TokensPerValue = 3;

    /// <summary>The estimate; a body that is not JSON counts its bytes / 4.</summary>
    public static long Count(ReadOnlySpan<byte> json)
    {
        long tokens = 0;
        try
        {
            var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
            var skip = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        skip = reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("role"u8) || reader.ValueTextEquals("type"u8)
                            || reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("call_id"u8) || reader.ValueTextEquals("tool_use_id"u8)
                            || reader.ValueTextEquals("signature"u8) || reader.ValueTextEquals("encrypted_content"u8) || reader.ValueTextEquals("data"u8)
                            || reader.ValueTextEquals("url"u8) || reader.ValueTextEquals("image_url"u8);
                        break;
                    case JsonTokenType.String when !skip:
                        tokens += TokensPerValue + O200kTokens.Count(ref reader);
                        break;
                    default:
                        skip = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return json.Length / 4;
        }

        return tokens;
    }
}

using System.Text.Json;
using Gateway.Configuration;
using Gateway.Usage;

namespace Gateway.Accounts.Limits;

/// <summary>
/// What a request may cost, before it is sent: its prompt tokens counted with the o200k tokenizer over the text of the
/// body (every string value but names such as <c>model</c> and <c>role</c>, plus a few tokens per value for framing),
/// its output tokens from <c>max_tokens</c>, <c>max_completion_tokens</c> or <c>max_output_tokens</c> capped by the
/// configured default (which also stands in when none is given), priced by the price table or the fallback price.
/// </summary>
internal sealed class RequestEstimator(PriceTable prices, AccountsOptions options)
{
    private const int TokensPerValue = 3;

    /// <summary>Prompt and output tokens of the JSON body <paramref name="json"/> (a body that is not JSON: its bytes / 4).</summary>
    public (long Prompt, long Output) Tokens(ReadOnlySpan<byte> json)
    {
        long prompt = 0;
        long? output = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            var skip = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        skip = reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("role"u8) || reader.ValueTextEquals("type"u8);
                        if (reader.CurrentDepth == 1 && (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_output_tokens"u8)))
                        {
                            reader.Read();
                            output = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var max) ? max : null;
                        }

                        break;
                    case JsonTokenType.String when !skip:
                        prompt += TokensPerValue + O200kTokens.Count(reader.GetString());
                        break;
                    default:
                        skip = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            prompt = json.Length / 4;
        }

        var cap = options.DefaultMaxOutputTokens;
        return (prompt, output is { } asked and > 0 ? Math.Min(asked, cap) : cap);
    }

    /// <summary>Cost in micro-USD of <paramref name="prompt"/> and <paramref name="output"/> tokens on <paramref name="model"/> at <paramref name="provider"/>.</summary>
    public long MicroUsd(string provider, string model, long prompt, long output) => LimitKinds.MicroUsd(Cost(provider, model, new TokenUsage(prompt, output)));

    /// <summary>Cost in USD of <paramref name="usage"/>: the price table's, or the fallback price's for an unpriced model.</summary>
    public double Cost(string provider, string model, TokenUsage usage) =>
        prices.Cost(provider, model, usage)
        ?? ((usage.PromptTokens * options.FallbackPrice.InputPerMillion) + (usage.CompletionTokens * options.FallbackPrice.OutputPerMillion)) / 1_000_000;
}

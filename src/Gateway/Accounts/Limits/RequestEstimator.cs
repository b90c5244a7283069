using System.Text.Json;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Usage;

namespace Gateway.Accounts.Limits;

/// <summary>
/// The most a request can cost, before it is sent (what admission reserves).
/// <para>Prompt: every string of the JSON the upstream is sent (the body, or the body as a bridge maps it, and a stored
/// conversation's earlier turns) counted with the o200k tokenizer, plus <see cref="TokensPerValue"/> per value for the
/// chat template's framing; inside tool definitions and response formats the property names, numbers and booleans too
/// (the upstream reads the whole schema). Names such as <c>model</c>, <c>role</c> and <c>type</c> are not prompt. An
/// image (an <c>image_url</c>, a <c>data:image/</c> URL, Anthropic's <c>source.data</c>) counts <see cref="ImageTokens"/>
/// whatever its size; audio (<c>input_audio.data</c>, a <c>data:audio/</c> URL) one token per
/// <see cref="AudioCharsPerToken"/> base64 characters. A body that is not JSON (a form): its bytes / 4.</para>
/// <para>Output: the client's <c>max_tokens</c> / <c>max_completion_tokens</c> / <c>max_output_tokens</c> times its
/// choices (<c>n</c>, <c>best_of</c>), never capped; when it names none, the model's maximum output from the price
/// table, else <see cref="AccountsOptions.DefaultMaxOutputTokens"/>. Embeddings, moderations and token counts write none.</para>
/// <para>Cost: the most expensive candidate's (its model's price and its provider's cost multiplier, an unpriced model
/// at the fallback price), so a cheap or free first candidate never lowers the bound of those it fails over to.</para>
/// </summary>
internal sealed class RequestEstimator(PriceTable prices, AccountsOptions options)
{
    /// <summary>Per string value: the role and separators a chat template wraps it in.</summary>
    public const int TokensPerValue = 3;

    /// <summary>Per image, whatever its size: above the most one image costs at OpenAI's and Anthropic's current sizes and detail.</summary>
    public const int ImageTokens = 3000;

    /// <summary>Audio: one token per this many base64 characters (10 tokens a second, at 6 kbit/s and more).</summary>
    public const int AudioCharsPerToken = 64;

    /// <summary>Output tokens beyond any budget: amounts saturate here rather than overflow.</summary>
    private const long MostTokens = 1_000_000_000_000;

    private long _tokenizedChars;
    private long _counting;
    private Action<int>? _meter;

    /// <summary>Characters given to the tokenizer by this process's estimates, as they are given (for tests and the benchmark: work done).</summary>
    public long TokenizedChars => Interlocked.Read(ref _tokenizedChars);

    /// <summary>The meter a request's <see cref="TokenWork"/> reports to (<see cref="TokenizedChars"/>).</summary>
    public Action<int> Meter => _meter ??= chars => Interlocked.Add(ref _tokenizedChars, chars);

    /// <summary>Estimates counting right now.</summary>
    public long Counting => Interlocked.Read(ref _counting);

    /// <summary>Test hook, null in production: handed to every request's <see cref="TokenWork.PieceCounted"/>.</summary>
    internal Action<TokenWork>? PieceCounted { get; set; }

    /// <summary>
    /// Reads the request: prompt tokens of <paramref name="body"/> and <paramref name="history"/>, the output asked for
    /// and the choices. Within <paramref name="work"/> (throws <see cref="OperationCanceledException"/> when it is cancelled).
    /// </summary>
    public RequestShape Read(ReadOnlySpan<byte> body, ReadOnlySpan<byte> history, TokenWork work)
    {
        Interlocked.Increment(ref _counting);
        work.PieceCounted ??= PieceCounted;
        try
        {
            var shape = Read(body, work);
            return history.IsEmpty ? shape : shape with { Prompt = Saturate(shape.Prompt + Read(history, work).Prompt) };
        }
        finally
        {
            Interlocked.Decrement(ref _counting);
        }
    }

    /// <summary>The bound of <paramref name="shape"/> on every candidate of <paramref name="request"/>: the priciest.</summary>
    public CostBound Bound(RequestShape shape, in AdmissionRequest request) => Bound(shape, request, perChoice: null);

    /// <summary>The bound with the output of each choice lowered to <paramref name="perChoice"/> (a clamp), or as asked when null.</summary>
    public CostBound Bound(RequestShape shape, in AdmissionRequest request, long? perChoice)
    {
        long output = 0, microUsd = 0, most = 0;
        foreach (var candidate in request.Candidates.Candidates)
        {
            var model = candidate.UpstreamModel ?? request.Model;
            var each = perChoice ?? OutputPerChoice(shape, model, request.Kind);
            var all = Saturate(each * shape.Choices);
            (output, most) = (Math.Max(output, all), Math.Max(most, each));
            microUsd = Math.Max(microUsd, MicroUsd(candidate.Provider.Name, model, shape.Prompt, all));
        }

        return new CostBound(shape.Prompt, output, microUsd, most);
    }

    /// <summary>
    /// The most output tokens per choice that fit in <paramref name="room"/> of a line of <paramref name="kind"/> on every
    /// candidate (0 when not even the prompt fits); null for a line no output changes (requests per minute).
    /// </summary>
    public long? PerChoiceWithin(LimitKind kind, long room, RequestShape shape, in AdmissionRequest request)
    {
        if (kind == LimitKind.RequestsPerMinute)
        {
            return null;
        }

        if (kind is not (LimitKind.UsdPerDay or LimitKind.UsdPerMonth))
        {
            return Math.Max(0, room - shape.Prompt) / Math.Max(1, shape.Choices);
        }

        var fits = long.MaxValue;
        foreach (var candidate in request.Candidates.Candidates)
        {
            var model = candidate.UpstreamModel ?? request.Model;
            var prompt = MicroUsd(candidate.Provider.Name, model, shape.Prompt, 0);
            var perToken = Cost(candidate.Provider.Name, model, new TokenUsage(0, 1_000_000)) * shape.Choices; // micro-USD per token of every choice
            if (prompt > room)
            {
                return 0;
            }

            if (perToken <= 0)
            {
                continue;
            }

            var k = (long)Math.Floor((room - prompt) / perToken);
            while (k > 0 && MicroUsd(candidate.Provider.Name, model, shape.Prompt, Saturate(k * shape.Choices)) > room)
            {
                k--; // rounding up to whole micro-USD
            }

            fits = Math.Min(fits, k);
        }

        return fits;
    }

    /// <summary>The output one choice may take on <paramref name="model"/>: as asked, else the model's most, else the default.</summary>
    public long OutputPerChoice(RequestShape shape, string model, UpstreamOperation kind) =>
        kind is UpstreamOperation.Embeddings or UpstreamOperation.Moderations or UpstreamOperation.CountTokens ? 0
        : shape.MaxOutput is { } asked ? asked
        : prices.MaxOutput(model) ?? options.DefaultMaxOutputTokens;

    /// <summary>Cost in micro-USD of <paramref name="prompt"/> and <paramref name="output"/> tokens on <paramref name="model"/> at <paramref name="provider"/>.</summary>
    public long MicroUsd(string provider, string model, long prompt, long output) =>
        Math.Min(LimitKinds.MicroUsd(Cost(provider, model, new TokenUsage(prompt, output))), long.MaxValue / 4);

    /// <summary>Cost in USD of <paramref name="usage"/>: the price table's, or the fallback price's for an unpriced model.</summary>
    public double Cost(string provider, string model, TokenUsage usage) =>
        prices.Cost(provider, model, usage)
        ?? ((usage.PromptTokens * options.FallbackPrice.InputPerMillion) + (usage.CompletionTokens * options.FallbackPrice.OutputPerMillion)) / 1_000_000;

    private static RequestShape Read(ReadOnlySpan<byte> json, TokenWork work)
    {
        long prompt = 0, choices = 1;
        long? output = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            Span<Field> parents = stackalloc Field[257];
            var field = Field.Other;
            var (schema, named) = (false, false);
            while (reader.Read())
            {
                var depth = Math.Min(reader.CurrentDepth, 256);
                var value = named;
                named = false;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when depth == 1:
                        (field, named) = (FieldOf(ref reader), true);
                        schema = field == Field.Schema;
                        if (field == Field.Output && Number(ref reader) is { } max)
                        {
                            (output, named) = (Saturate(Math.Max(output ?? 0, max)), false);
                        }
                        else if (field == Field.Choices && Number(ref reader) is { } n)
                        {
                            (choices, named) = (Math.Max(choices, Math.Min(n, 128)), false);
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        (field, named) = (FieldOf(ref reader), true);
                        prompt += schema ? O200kTokens.Count(ref reader, work) : 0;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        parents[depth] = value ? field : depth > 0 ? parents[depth - 1] : Field.Other;
                        break;
                    case JsonTokenType.String when depth > 0:
                        // A property's value: its own name and its object's; an array's item: the array's and the one above.
                        var (own, parent) = value ? (field, parents[depth - 1]) : (parents[depth - 1], depth > 1 ? parents[depth - 2] : Field.Other);
                        prompt += String(ref reader, own, parent, work);
                        break;
                    case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                        prompt += schema && depth > 1 ? 1 : 0;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            prompt = json.Length / 4;
        }

        return new RequestShape(Saturate(prompt), output, choices);
    }

    /// <summary>A string value's tokens: an image or audio by its rule, a name none, text by the tokenizer.</summary>
    private static long String(ref Utf8JsonReader reader, Field field, Field parent, TokenWork work)
    {
        var value = reader.ValueSpan;
        if (field == Field.Name)
        {
            return 0;
        }

        if (field == Field.ImageUrl || (field == Field.Url && parent == Field.ImageUrl) || (field == Field.Data && parent == Field.Source) || value.StartsWith("data:image/"u8))
        {
            return ImageTokens;
        }

        if ((field == Field.Data && parent == Field.InputAudio) || value.StartsWith("data:audio/"u8))
        {
            return 1 + (value.Length / AudioCharsPerToken);
        }

        return TokensPerValue + O200kTokens.Count(ref reader, work);
    }

    private static long? Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0 ? value : null;
    }

    private static Field FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("role"u8) || reader.ValueTextEquals("type"u8) ? Field.Name
        : reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_output_tokens"u8) ? Field.Output
        : reader.ValueTextEquals("n"u8) || reader.ValueTextEquals("best_of"u8) ? Field.Choices
        : reader.ValueTextEquals("tools"u8) || reader.ValueTextEquals("functions"u8) || reader.ValueTextEquals("response_format"u8) || reader.ValueTextEquals("text"u8) ? Field.Schema
        : reader.ValueTextEquals("image_url"u8) ? Field.ImageUrl
        : reader.ValueTextEquals("url"u8) ? Field.Url
        : reader.ValueTextEquals("data"u8) ? Field.Data
        : reader.ValueTextEquals("input_audio"u8) ? Field.InputAudio
        : reader.ValueTextEquals("source"u8) ? Field.Source
        : Field.Other;

    private static long Saturate(long tokens) => Math.Clamp(tokens, 0, MostTokens);

    /// <summary>What a property name says about the value that follows.</summary>
    private enum Field : byte
    {
        Other,
        Name,
        Output,
        Choices,
        Schema,
        ImageUrl,
        Url,
        Data,
        InputAudio,
        Source,
    }
}

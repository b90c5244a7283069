using System.Text.Json;
using Gateway.Contracts;
using Gateway.Operations.Responses;
using Gateway.Protocols.Responses;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/responses</c>: <c>input</c> required (a string or items). Providers that serve the Responses API get the
/// body as it came; the others get chat completions (<see cref="IChatBridge"/>). Either way the client's stream is a
/// Responses event stream: released at its first output delta, complete at <c>response.completed</c> (or
/// <c>response.incomplete</c>), its usage read from that event.
/// </summary>
internal sealed class ResponsesOperation : GatewayOperation
{
    private static readonly RequiredField Input = new("input", mustBeArray: false, holdsMessages: false);

    public static ResponsesOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.Responses;

    public override string Path => "/v1/responses";

    public override bool Streams => true;

    protected override RequiredField Required => Input;

    public override IFirstTokenDetector CreateFirstTokenDetector() => new ResponsesFirstTokenDetector();

    public override IStreamFilter CreateUsageFilter(bool strip, bool count) => new ObservingStreamFilter(new ResponsesStreamObserver(count));

    public override byte[] StreamError(string message)
    {
        using var body = new MemoryStream(256);
        body.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteString("code", "stream_interrupted");
            writer.WriteString("message", message);
            writer.WriteNull("param");
            writer.WriteEndObject();
        }

        body.Write("\n\n"u8);
        return body.ToArray();
    }

    /// <summary>A new response id: <c>resp_</c> and 48 hex digits, as long as OpenAI's and as unguessable.</summary>
    public static string NewId() => "resp_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Reads <c>previous_response_id</c> (null when absent) and <c>store</c> (default true) from a validated body.</summary>
    public static (string? PreviousId, bool Store) ReadState(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, JsonText.ReaderOptions);
        reader.Read();
        string? previous = null;
        var store = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("previous_response_id"u8))
            {
                reader.Read();
                previous = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("store"u8))
            {
                reader.Read();
                store = reader.TokenType != JsonTokenType.False;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (previous, store);
    }

    /// <summary>Whether a client-given id can be a stored response's key (printable ASCII, bounded), checked before any lookup.</summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= 128 && id.All(c => c is > ' ' and < (char)127 && c != ':');
}

// Temporary stand-ins for the mappers being written on branch h-msgs; deleted when it merges.
#pragma warning disable
using System.Buffers;
using Gateway.Usage;

namespace Gateway.Operations.Messages;

internal static class MessagesRequestMapper { public static byte[] Map(ReadOnlySpan<byte> messagesBody, string model, bool stream) => throw new NotImplementedException(); }
internal static class MessagesResponseMapper { public static byte[] Map(ReadOnlySpan<byte> chatCompletion, string model) => throw new NotImplementedException(); }
internal sealed class MessagesStreamMapper(string model) { public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output) => throw new NotImplementedException(); }
internal static class AnthropicErrors
{
    public static string TypeFor(int status) => "api_error";
    public static void WriteBody(System.Text.Json.Utf8JsonWriter writer, int status, string message) { writer.WriteStartObject(); writer.WriteString("type", "error"); writer.WriteStartObject("error"); writer.WriteString("type", TypeFor(status)); writer.WriteString("message", message); writer.WriteEndObject(); writer.WriteEndObject(); }
    public static byte[] FromOpenAI(int status, ReadOnlySpan<byte> openAIErrorBody) => throw new NotImplementedException();
    public static byte[] StreamEvent(int status, string message) => throw new NotImplementedException();
}
internal sealed class MessagesFirstTokenDetector : IFirstTokenDetector { public string? ErrorMessage => null; public StreamSignal Scan(ReadOnlySpan<byte> held) => throw new NotImplementedException(); }
internal sealed class MessagesStreamObserver : IStreamObserver { public void Observe(ReadOnlySpan<byte> sseEvent) { } public bool Complete => false; public TokenUsage? Usage => null; }
internal sealed class MessagesTokenCounter { public static long Count(ReadOnlySpan<byte> countTokensBody) => throw new NotImplementedException(); }

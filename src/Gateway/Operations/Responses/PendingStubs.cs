// Temporary stand-ins for the mappers being written on branch h-resp; deleted when it merges.
#pragma warning disable
using System.Buffers;
using Gateway.Usage;

namespace Gateway.Operations.Responses;

internal sealed record ResponseContext(string Id, long CreatedAt, string Model, ReadOnlyMemory<byte> Request);
internal readonly record struct ChatTranslation(byte[] Body, byte[] Messages);
internal sealed record CompletedResponse(byte[] Response, byte[] OutputMessages);
internal static class ResponsesRequestMapper { public static ChatTranslation Map(ReadOnlySpan<byte> responsesBody, string model, bool stream, ReadOnlySpan<byte> historyMessages) => throw new NotImplementedException(); }
internal static class ResponsesResponseMapper { public static CompletedResponse Map(ReadOnlySpan<byte> chatCompletion, ResponseContext context) => throw new NotImplementedException(); }
internal sealed class ResponsesStreamMapper(ResponseContext context) { public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output) => throw new NotImplementedException(); public CompletedResponse? Completed { get; } }
internal sealed class ResponsesFirstTokenDetector : IFirstTokenDetector { public string? ErrorMessage => null; public StreamSignal Scan(ReadOnlySpan<byte> held) => throw new NotImplementedException(); }
internal sealed class ResponsesStreamObserver : IStreamObserver { public void Observe(ReadOnlySpan<byte> sseEvent) { } public bool Complete => false; public TokenUsage? Usage => null; }

using System.Buffers;
using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Forwarding;

/// <summary>
/// The outermost filter of a released event stream: only whole events whose data is valid JSON (or <c>[DONE]</c>) go on
/// to the operation's filter and the client. A malformed event is dropped, logged and counted; one more than the stream
/// may send (<c>Gateway:Streams:MaxMalformedEvents</c>) and the stream is <see cref="Broken"/>. For a chat stream that can
/// be continued, each chunk's text is noted (<see cref="StreamContinuation"/>), and while an attempt continues a broken
/// stream its chunks are rewritten: the stream's own id, model and created; no second role chunk or repeated
/// reasoning; the final usage covering the whole answer. Each event is read once; only an event split across reads is
/// copied (and held until it is whole: the client could not use half an event). A stream the gateway writes itself
/// (<paramref name="translated"/>: a translator's output, every event written whole by a JSON writer) is not validated
/// again: with nothing to note for a continuation, its chunks go straight on to the operation's filter.
/// </summary>
internal sealed class StreamEventGuard(IStreamFilter inner, StreamContinuation? stream, bool chat, int maxMalformed, MalformedEvents malformed, bool translated = false) : IStreamFilter
{
    private readonly SseEventFramer _framer = new(ObservingStreamFilter.DefaultMaxEventBytes);
    private readonly bool _continuing = stream?.Continuing == true;

    /// <summary>Nothing to decide per event: the gateway's own valid events, and no continuation to note them for.</summary>
    private readonly bool _through = translated && (!chat || stream is null);
    private PooledBuffer? _carry;
    private TokenUsage? _upstreamUsage;
    private int _malformed;

    /// <summary>Why the stream can no longer be trusted (too many malformed events, an error event mid-answer); null while it can.</summary>
    public FailureKind? Broken { get; private set; }

    /// <summary>The usage the upstream reported (before a continuation's rewrite made it the whole answer's).</summary>
    public TokenUsage? Usage => _upstreamUsage ?? inner.Usage;

    public int PassedTokens => inner.PassedTokens;

    public bool? Complete => inner.Complete;

    /// <summary>Malformed events dropped so far.</summary>
    public int Malformed => _malformed;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken) =>
        _through ? inner.WriteAsync(chunk, output, cancellationToken) : DecideAsync(chunk, output, cancellationToken);

    private async ValueTask DecideAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken)
    {
        var (run, at) = (0, 0);
        while (at < chunk.Length && Broken is null)
        {
            var end = _framer.Advance(chunk.Span[at..]);
            if (end < 0)
            {
                break;
            }

            var eventEnd = at + end;
            if (_carry is { Length: > 0 } carry)
            {
                carry.Append(chunk.Span[at..eventEnd]);
                var (verdict, rewritten) = Decide(carry.Span);
                var whole = verdict switch
                {
                    Verdict.Pass => carry.Memory,
                    Verdict.Rewrite => rewritten,
                    _ => ReadOnlyMemory<byte>.Empty,
                };
                if (!whole.IsEmpty)
                {
                    await inner.WriteAsync(whole, output, cancellationToken).ConfigureAwait(false);
                }

                Release();
                run = eventEnd;
            }
            else
            {
                var (verdict, rewritten) = Decide(chunk.Span[at..eventEnd]);
                if (verdict != Verdict.Pass)
                {
                    if (at > run)
                    {
                        await inner.WriteAsync(chunk[run..at], output, cancellationToken).ConfigureAwait(false);
                    }

                    if (verdict == Verdict.Rewrite)
                    {
                        await inner.WriteAsync(rewritten, output, cancellationToken).ConfigureAwait(false);
                    }

                    run = eventEnd;
                }
            }

            at = eventEnd;
        }

        if (at > run)
        {
            await inner.WriteAsync(chunk[run..at], output, cancellationToken).ConfigureAwait(false);
        }

        if (Broken is null && at < chunk.Length)
        {
            if (_framer.IsOverLimit)
            {
                // No event a provider sends is this long: the stream cannot be trusted any more.
                Release();
                Broken = FailureKind.MalformedEvents;
                return;
            }

            (_carry ??= new PooledBuffer(Math.Max(256, chunk.Length - at))).Append(chunk.Span[at..]);
        }
    }

    /// <summary>An unterminated last event goes on only if it is a whole, valid one.</summary>
    public async ValueTask FlushAsync(Stream output, CancellationToken cancellationToken)
    {
        if (_carry is { Length: > 0 } carry && Broken is null)
        {
            var (verdict, rewritten) = Decide(carry.Span);
            var last = verdict switch
            {
                Verdict.Pass => carry.Memory,
                Verdict.Rewrite => rewritten,
                _ => ReadOnlyMemory<byte>.Empty,
            };
            if (!last.IsEmpty)
            {
                await inner.WriteAsync(last, output, cancellationToken).ConfigureAwait(false);
            }

            Release();
        }

        await inner.FlushAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private enum Verdict
    {
        Pass,
        Drop,
        Rewrite,
    }

    private (Verdict, ReadOnlyMemory<byte>) Decide(ReadOnlySpan<byte> sseEvent)
    {
        if (SseEvent.Data(sseEvent, out var data) != 1)
        {
            // Comments and keep-alives pass; a payload over several data lines is rare and passes as it came.
            return (Verdict.Pass, default);
        }

        data = data.TrimEnd("\r\n "u8);
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            return (Verdict.Pass, default);
        }

        if (!chat || stream is null)
        {
            // Nothing to note: only whether the value is whole, which is far cheaper than reading a chunk's facts.
            return JsonSyntax.IsValid(data) ? (Verdict.Pass, default) : Drop();
        }

        if (!ChunkFacts.Read(data, out var facts))
        {
            return Drop();
        }

        if (facts.Error && !stream.Finished)
        {
            // An error event after the first token: the stream broke, and the client will hear of it once, from the gateway.
            Broken = FailureKind.StreamTruncated;
            return (Verdict.Drop, default);
        }

        if (!_continuing)
        {
            stream.Observe(facts, data);
            return (Verdict.Pass, default);
        }

        if (facts.Usage)
        {
            _upstreamUsage = new TokenUsage(facts.PromptTokensValue, facts.CompletionTokensValue);
        }

        if (!(facts.HasText || facts.ToolCalls || facts.Finished || facts.Usage || facts.Refusal))
        {
            // A continuation's role chunk, or reasoning the client already had: nothing new for the client.
            return (Verdict.Drop, default);
        }

        var json = Rewrite(data, facts);
        if (ChunkFacts.Read(json, out var written))
        {
            stream.Observe(written, json);
        }

        var framed = new byte[json.Length + 8];
        "data: "u8.CopyTo(framed);
        json.CopyTo(framed.AsSpan(6));
        "\n\n"u8.CopyTo(framed.AsSpan(6 + json.Length));
        return (Verdict.Rewrite, framed);
    }

    private (Verdict, ReadOnlyMemory<byte>) Drop()
    {
        _malformed++;
        malformed.Dropped(_malformed);
        if (_malformed > maxMalformed)
        {
            Broken = FailureKind.MalformedEvents;
        }

        return (Verdict.Drop, default);
    }

    /// <summary>A continuation's chunk as part of the client's stream: its identity, its first text without the whitespace the client already has, the whole answer's usage.</summary>
    private byte[] Rewrite(ReadOnlySpan<byte> json, in ChunkFacts facts)
    {
        var edits = new List<(int Start, int Length, byte[] Value)>(6);
        Replace(edits, facts.Id, stream!.Id);
        Replace(edits, facts.Model, stream.Model);
        Replace(edits, facts.Created, stream.Created);
        if (facts.HasText && stream.PendingWhitespace.Length > 0)
        {
            var reader = new System.Text.Json.Utf8JsonReader(json.Slice(facts.Content.Start, facts.Content.Length));
            reader.Read();
            var text = reader.GetString() ?? "";
            if (text.StartsWith(stream.PendingWhitespace, StringComparison.Ordinal))
            {
                edits.Add((facts.Content.Start, facts.Content.Length, JsonText(text[stream.PendingWhitespace.Length..])));
            }

            stream.PendingWhitespace = "";
        }
        else if (facts.HasText)
        {
            stream.PendingWhitespace = "";
        }

        if (stream.CountedTokens > 0)
        {
            Replace(edits, facts.CompletionTokens, Number(facts.CompletionTokensValue + stream.CountedTokens));
            Replace(edits, facts.TotalTokens, Number(facts.TotalTokensValue + stream.CountedTokens));
        }

        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        var at = 0;
        foreach (var (start, length, value) in edits)
        {
            output.Write(json[at..start]);
            output.Write(value);
            at = start + length;
        }

        output.Write(json[at..]);
        return output.WrittenSpan.ToArray();
    }

    private static void Replace(List<(int, int, byte[])> edits, (int Start, int Length) range, byte[]? value)
    {
        if (range.Length > 0 && value is not null)
        {
            edits.Add((range.Start, range.Length, value));
        }
    }

    private static byte[] JsonText(string text)
    {
        var output = new ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new System.Text.Json.Utf8JsonWriter(output))
        {
            writer.WriteStringValue(text);
        }

        return output.WrittenSpan.ToArray();
    }

    private static byte[] Number(long value) => System.Text.Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Release()
    {
        _carry?.Dispose();
        _carry = null;
    }

    public void Dispose()
    {
        Release();
        inner.Dispose();
    }
}

/// <summary>Who hears of an event a <see cref="StreamEventGuard"/> dropped (logged and counted by the stream's provider).</summary>
internal interface IMalformedEventSink
{
    /// <param name="provider">The provider whose stream it was.</param>
    /// <param name="requestId">The client request's id.</param>
    /// <param name="count">Events dropped so far in this stream, this one included.</param>
    void Dropped(string provider, string requestId, int count);
}

/// <summary>
/// Where a guard reports the events it drops: the sink with the stream's provider and request, held by value in the
/// guard (no closure per stream).
/// </summary>
internal readonly record struct MalformedEvents(IMalformedEventSink Sink, string Provider, string RequestId)
{
    public void Dropped(int count) => Sink.Dropped(Provider, RequestId, count);
}

using System.Buffers;
using System.Text;
using Gateway.Health;

namespace Gateway.Forwarding;

/// <summary>
/// One chat stream as its client sees it, across the attempts that write it: the stream's identity (the first
/// attempt's <c>id</c>, <c>model</c> and <c>created</c>, which a continuation's chunks are given), the text the client
/// was sent (the prefill a continuation starts from), whether anything makes it impossible to continue (a tool call
/// begun, a finished choice, a refusal, a second choice), and once it broke, the original failure, which is what the
/// client is told about if nobody can finish it. Made when a stream that could be continued is released.
/// </summary>
internal sealed class StreamContinuation
{
    private readonly ArrayBufferWriter<byte> _text = new(256);

    /// <summary>The first attempt's <c>id</c>, <c>model</c> and <c>created</c> values, as JSON.</summary>
    public byte[]? Id { get; private set; }

    public byte[]? Model { get; private set; }

    public byte[]? Created { get; private set; }

    /// <summary>A tool call (or a refusal, or a second choice) was sent: a half-sent call cannot be continued.</summary>
    public bool Blocked { get; private set; }

    /// <summary>A choice finished: the answer is whole, nothing to continue.</summary>
    public bool Finished { get; private set; }

    /// <summary>The provider whose stream broke first and how: what the client is told when nobody can finish it.</summary>
    public (string Provider, FailureKind Failure)? Original { get; private set; }

    /// <summary>True once the stream broke: the attempt now writing continues it.</summary>
    public bool Continuing => Original is not null;

    /// <summary>Continuation attempts started.</summary>
    public int Continuations { get; set; }

    /// <summary>Completion tokens of the broken attempts, counted by the gateway (their providers never reported them).</summary>
    public long CountedTokens { get; private set; }

    /// <summary>Whitespace cut from the end of the prefill (providers refuse or mishandle it), taken off the continuation's first text.</summary>
    public string PendingWhitespace { get; set; } = "";

    /// <summary>Where the current attempt's text starts in <see cref="Text"/>.</summary>
    private int _attemptStart;

    /// <summary>The UTF-8 text sent to the client so far.</summary>
    public ReadOnlySpan<byte> Text => _text.WrittenSpan;

    /// <summary>Whether the stream can be continued as it stands.</summary>
    public bool CanContinue => !Blocked && !Finished;

    /// <summary>Notes one chunk that went to the client (after any rewriting) and appends its text.</summary>
    public void Observe(in ChunkFacts facts, ReadOnlySpan<byte> json)
    {
        Id ??= Slice(json, facts.Id);
        Model ??= Slice(json, facts.Model);
        Created ??= Slice(json, facts.Created);
        Blocked |= facts.ToolCalls || facts.Refusal || facts.OtherChoice;
        Finished |= facts.Finished;
        if (facts.HasText)
        {
            var token = json.Slice(facts.Content.Start, facts.Content.Length);
            var reader = new System.Text.Json.Utf8JsonReader(token);
            reader.Read();
            var span = _text.GetSpan(reader.ValueSpan.Length);
            _text.Advance(reader.CopyString(span));
        }
    }

    /// <summary>Marks the stream broken by the attempt now ending; its text is counted (its provider never reported usage).</summary>
    public long Break(string provider, FailureKind failure)
    {
        Original ??= (provider, failure);
        var tokens = Usage.O200kTokens.Count(Encoding.UTF8.GetString(_text.WrittenSpan[_attemptStart..]));
        CountedTokens += tokens;
        _attemptStart = _text.WrittenCount;
        return tokens;
    }

    /// <summary>The prefill: the text sent so far without its trailing whitespace (kept in <see cref="PendingWhitespace"/>).</summary>
    public string Prefill()
    {
        var text = Encoding.UTF8.GetString(_text.WrittenSpan);
        var trimmed = text.TrimEnd();
        PendingWhitespace = text[trimmed.Length..];
        return trimmed;
    }

    private static byte[]? Slice(ReadOnlySpan<byte> json, (int Start, int Length) range) =>
        range.Length == 0 ? null : json.Slice(range.Start, range.Length).ToArray();
}

using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Content blocks. Anthropic streams one block at a time (start, deltas, stop) with consecutive indexes, while chat
/// completions may interleave the argument pieces of several tool calls. Tool calls become blocks in the order they
/// first appear, and a block's index never changes. A tool call that begins (or text that arrives) while the open
/// tool call's arguments are not yet a complete JSON object waits, its pieces kept in order, until they are (or the
/// stream ends); pieces for the open tool call never wait. So interleaved calls come out one after the other, whole,
/// and no piece is dropped. A piece for a tool call whose block is already closed (possible only after its
/// arguments were complete: trailing bytes) is still written, at that block's own index, which Anthropic's SDKs
/// file by index.
/// </summary>
internal sealed partial class MessagesStreamMapper
{
    private readonly List<ToolCall> _tools = [];
    private readonly Dictionary<int, int> _toolByChatIndex = [];
    private readonly List<Pending> _pending = [];
    private BlockKind _openKind;
    private int _openTool = -1;
    private int _openIndex = -1;
    private int _nextIndex;

    private enum BlockKind
    {
        None,
        Text,
        Thinking,
        Tool,
    }

    /// <summary>Whether the open block is a tool call whose arguments are not yet complete JSON.</summary>
    private bool Holding => _openKind == BlockKind.Tool && !_tools[_openTool].Arguments.Complete;

    private bool IsOpen(BlockKind kind, int tool) => kind == _openKind && (kind != BlockKind.Tool || tool == _openTool);

    /// <summary>
    /// A tool call delta: chat completions names the call by <c>index</c> (its position when absent); a new
    /// <c>id</c> at a known index is a new call (some providers number every call 0).
    /// </summary>
    private void ToolCallDelta(JsonElement call, int position, IBufferWriter<byte> output)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var chatIndex = call.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : position;
        var id = MessagesJson.String(call, "id");
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var arguments = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var a) ? new MessagesStreamPiece(a) : default;
        if (!_toolByChatIndex.TryGetValue(chatIndex, out var tool) || (id is not null && _tools[tool].ProviderId is { } known && known != id))
        {
            tool = _tools.Count;
            _tools.Add(new(id, $"toolu_{_messageId}_{tool}", MessagesJson.String(function, "name") ?? ""));
            _toolByChatIndex[chatIndex] = tool;
            Content(BlockKind.Tool, tool, arguments, output);
        }
        else if (!arguments.IsEmpty)
        {
            Content(BlockKind.Tool, tool, arguments, output);
        }
    }

    /// <summary>A piece for a block: applied now, or kept while an incomplete tool call holds the stream.</summary>
    private void Content(BlockKind kind, int tool, MessagesStreamPiece piece, IBufferWriter<byte> output)
    {
        if (!IsOpen(kind, tool) && (Holding || _pending.Count > 0))
        {
            _pending.Add(new(kind, tool, piece.Text));
            return;
        }

        Apply(kind, tool, piece, output);
        Drain(output, force: false);
    }

    /// <summary>Writes a piece: into the open block, or into a new block after closing the open one.</summary>
    private void Apply(BlockKind kind, int tool, MessagesStreamPiece piece, IBufferWriter<byte> output)
    {
        var index = _openIndex;
        if (kind == BlockKind.Tool && !IsOpen(kind, tool) && _tools[tool].Block >= 0)
        {
            index = _tools[tool].Block;
        }
        else if (!IsOpen(kind, tool))
        {
            CloseBlock(output);
            (_openKind, _openTool, _openIndex) = (kind, tool, index = _nextIndex++);
            if (kind == BlockKind.Tool)
            {
                _tools[tool].Block = index;
            }

            BlockStart(output, kind, index, kind == BlockKind.Tool ? _tools[tool] : null);
        }

        if (piece.IsEmpty)
        {
            return;
        }

        if (kind == BlockKind.Tool)
        {
            _tools[tool].Arguments.Feed(piece.Text);
        }

        Delta(output, kind, index, piece);
    }

    /// <summary>
    /// Applies kept pieces: first those of the open tool call (they only waited behind other blocks' pieces), then
    /// the others in arrival order while nothing holds the stream; <paramref name="force"/> (the end) ignores the hold.
    /// </summary>
    private void Drain(IBufferWriter<byte> output, bool force)
    {
        while (_pending.Count > 0)
        {
            var next = _openKind == BlockKind.Tool ? _pending.FindIndex(p => IsOpen(p.Kind, p.Tool)) : -1;
            if (next < 0)
            {
                if (Holding && !force)
                {
                    return;
                }

                next = 0;
            }

            var pending = _pending[next];
            _pending.RemoveAt(next);
            Apply(pending.Kind, pending.Tool, new MessagesStreamPiece(pending.Piece), output);
        }
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_openKind != BlockKind.None)
        {
            BlockStop(output, _openKind, _openIndex);
            _openKind = BlockKind.None;
        }
    }

    private sealed class ToolCall(string? providerId, string fallbackId, string name)
    {
        public string? ProviderId { get; } = providerId;

        /// <summary>The provider's id, or one made up from the message id when the provider sent none.</summary>
        public string Id { get; } = providerId ?? fallbackId;

        public string Name { get; } = name;

        public int Block { get; set; } = -1;

        public JsonCompleteness Arguments { get; } = new();
    }

    private readonly record struct Pending(BlockKind Kind, int Tool, string Piece);
}

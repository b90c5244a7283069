using System.Text;

namespace Gateway.Protocols.Responses;

/// <summary>
/// One output item of a response as it is built, whole (from a chat completion) or delta by delta (from a chat
/// stream). Its id derives from the response id and its place, so the same answer always gets the same ids.
/// </summary>
internal sealed class OutputItem(OutputKind kind, string responseId, int outputIndex)
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Incomplete = "incomplete";

    public OutputKind Kind { get; } = kind;

    public int OutputIndex { get; } = outputIndex;

    public string Id { get; } = IdFor(kind, responseId, outputIndex);

    /// <summary>The id as the stream's JSON writer writes it, encoded once: every delta event of the item names it.</summary>
    public System.Text.Json.JsonEncodedText EncodedId => _encodedId ??= System.Text.Json.JsonEncodedText.Encode(Id, ProtocolJson.Writer.Encoder);

    private System.Text.Json.JsonEncodedText? _encodedId;

    /// <summary>in_progress while streaming, then completed or incomplete.</summary>
    public string Status { get; set; } = InProgress;

    /// <summary>Message and reasoning parts.</summary>
    public List<OutputPart> Parts { get; } = [];

    /// <summary>A function call's <c>call_id</c> (the chat tool call's id).</summary>
    public string CallId { get; set; } = "";

    /// <summary>The chat function's name (as the conversation store keeps it).</summary>
    public StringBuilder Name { get; } = new();

    /// <summary>For a call of a namespaced or custom tool: the client's tool behind the chat name (null: a plain function).</summary>
    public ResponseTool? Tool { get; set; }

    public StringBuilder Arguments { get; } = new();

    /// <summary>The <c>call_id</c> of a chat tool call that came without an id (some providers leave it out).</summary>
    public static string FallbackCallId(string responseId, int outputIndex) => IdFor(OutputKind.FunctionCall, responseId, outputIndex).Replace("fc_", "call_", StringComparison.Ordinal);

    /// <summary>
    /// <c>msg_</c>, <c>rs_</c> or <c>fc_</c>, the response id's own part (after <c>resp_</c>), and the item's index.
    /// </summary>
    public static string IdFor(OutputKind kind, string responseId, int outputIndex)
    {
        var prefix = kind switch
        {
            OutputKind.Reasoning => "rs_",
            OutputKind.Message => "msg_",
            _ => "fc_",
        };
        var own = responseId.StartsWith("resp_", StringComparison.Ordinal) ? responseId[5..] : responseId;
        return $"{prefix}{own}_{outputIndex}";
    }
}

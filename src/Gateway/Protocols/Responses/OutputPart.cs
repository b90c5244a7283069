using System.Text;

namespace Gateway.Protocols.Responses;

/// <summary>One content part of an output item (<c>output_text</c>, <c>refusal</c> or <c>reasoning_text</c>) and its text so far.</summary>
internal sealed class OutputPart(string type)
{
    public const string OutputText = "output_text";
    public const string Refusal = "refusal";
    public const string ReasoningText = "reasoning_text";

    public string Type { get; } = type;

    public StringBuilder Text { get; } = new();
}

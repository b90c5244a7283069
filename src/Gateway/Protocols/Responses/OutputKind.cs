namespace Gateway.Protocols.Responses;

/// <summary>The output items a translated chat answer can have.</summary>
internal enum OutputKind
{
    /// <summary>A <c>reasoning</c> item: the chat answer's <c>reasoning_content</c> (or <c>reasoning</c>).</summary>
    Reasoning,

    /// <summary>An assistant <c>message</c> item: output text and refusal parts.</summary>
    Message,

    /// <summary>A <c>function_call</c> item: one chat tool call.</summary>
    FunctionCall,
}

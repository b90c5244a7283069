namespace Gateway.Protocols.Gemini;

/// <summary>How a <c>streamGenerateContent</c> answer is framed: as Server-Sent Events (<c>?alt=sse</c>), or as one JSON array whose elements arrive one by one (Google's default).</summary>
internal enum GeminiFraming
{
    Sse,
    JsonArray,
}

namespace Gateway.Protocols;

/// <summary>The client's request cannot be expressed in the provider's protocol (answered with 400).</summary>
internal sealed class TranslationException(string message) : Exception(message)
{
    public TranslationException() : this("The request cannot be translated.") { }

    public TranslationException(string message, Exception inner) : this(message + " " + inner.Message) { }
}

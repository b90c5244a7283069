namespace Gateway.Providers;

/// <summary>Names of the wire protocols; each has one <see cref="IProviderProtocol"/> implementation.</summary>
internal static class ProtocolNames
{
    public const string OpenAICompatible = "openai-compatible";
    public const string AzureOpenAI = "azure-openai";
    public const string Anthropic = "anthropic";
}

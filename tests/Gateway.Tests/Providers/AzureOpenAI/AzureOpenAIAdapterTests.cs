using Gateway.Configuration;
using Gateway.Protocols;
using Gateway.Providers;
using Gateway.Providers.AzureOpenAI;

namespace Gateway.Tests.Providers.AzureOpenAI;

public sealed class AzureOpenAIAdapterTests
{
    private static AzureOpenAIAdapter CreateSut() => new(new ProviderOptions
    {
        Name = "azure",
        Type = "azure",
        Url = new Uri("https://res.openai.azure.com/"),
        Key = "azure-secret",
        ApiVersion = "2024-10-21",
    });

    [Theory]
    [InlineData("gpt-4o", "https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")]
    [InlineData("gpt-4.1_mini", "https://res.openai.azure.com/openai/deployments/gpt-4.1_mini/chat/completions?api-version=2024-10-21")]
    [InlineData(".hidden", "https://res.openai.azure.com/openai/deployments/.hidden/chat/completions?api-version=2024-10-21")]
    public void CreateRequest_ValidDeployment_IsOnePathSegment(string deployment, string expected)
    {
        using var request = CreateSut().CreateRequest(UpstreamOperation.ChatCompletions, deployment);

        Assert.Equal(expected, request.RequestUri!.AbsoluteUri);
        Assert.Equal("azure-secret", request.Headers.GetValues("api-key").Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("a/b")]
    [InlineData("../models")]
    [InlineData("dep?x=1")]
    [InlineData("dep#frag")]
    [InlineData("dep%2e%2e")]
    [InlineData("dep loyment")]
    [InlineData("dep\r\nx")]
    [InlineData("dep\u0000")]
    [InlineData("d\u00e9ploiement")]
    [InlineData("dep\\x")]
    public void CreateRequest_InvalidDeployment_ThrowsTranslationExceptionNamingModel(string deployment)
    {
        var sut = CreateSut();

        var error = Assert.Throws<TranslationException>(() => sut.CreateRequest(UpstreamOperation.ChatCompletions, deployment));
        Assert.Throws<TranslationException>(() => sut.CreateRequest(UpstreamOperation.Embeddings, deployment));

        Assert.StartsWith("'model' is not a valid Azure OpenAI deployment name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("azure-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRequest_DeploymentOf64Characters_IsAcceptedAnd65IsNot()
    {
        var sut = CreateSut();

        using var request = sut.CreateRequest(UpstreamOperation.Embeddings, new string('d', 64));

        Assert.EndsWith("/" + new string('d', 64) + "/embeddings", request.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        Assert.Throws<TranslationException>(() => sut.CreateRequest(UpstreamOperation.Embeddings, new string('d', 65)));
    }

    [Fact]
    public void CreateRequest_ModelList_NeedsNoDeployment()
    {
        using var request = CreateSut().CreateRequest(UpstreamOperation.Models, "");

        Assert.Equal("https://res.openai.azure.com/openai/models?api-version=2024-10-21", request.RequestUri!.AbsoluteUri);
    }
}

using Gateway.Configuration;
using Gateway.ManagedProviders;

namespace Gateway.Tests.Configuration;

public sealed class OpenRouterAuthorizeUrlTests
{
    [Fact]
    public void AuthorizationUrl_NoAuthorizeUrl_IsTheAuthBasesAuthPage()
    {
        var url = AuthorizationUrl(new Dictionary<string, string?> { ["Gateway:OpenRouter:AuthBaseUrl"] = "http://127.0.0.1:9/" });

        Assert.StartsWith("http://127.0.0.1:9/auth?callback_url=", url, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorizationUrl_AuthorizeUrlSet_IsThatPage_WhileTheKeyEndpointStaysOnTheAuthBase()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:OpenRouter:AuthBaseUrl"] = "http://127.0.0.1:9",
            ["Gateway:OpenRouter:AuthorizeUrl"] = "http://openrouter.test:9/auth",
        };

        Assert.StartsWith("http://openrouter.test:9/auth?callback_url=", AuthorizationUrl(settings), StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:9"), TestOptions.Read(settings).Store.OpenRouterAuthBase);
    }

    [Fact]
    public void Read_AuthorizeUrlNotHttp_NamesTheSetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?> { ["Gateway:OpenRouter:AuthorizeUrl"] = "ftp://x/auth" }));

        Assert.StartsWith("Gateway:OpenRouter:AuthorizeUrl", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    private static string AuthorizationUrl(Dictionary<string, string?> settings)
    {
        using var client = new HttpMessageInvoker(new HttpClientHandler());
        return new OpenRouterKeyClient(client, TestOptions.Read(settings)).AuthorizationUrl("http://127.0.0.1:8080/console/openrouter/callback?state=s", "challenge").AbsoluteUri;
    }
}

using Gateway.Configuration;
using Gateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class GatewayRegistryTests
{
    private static GatewayOptions Read(GatewayRegistry registry, Dictionary<string, string?> settings) =>
        new GatewayOptionsReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new SettingOrigins(), registry).Read();

    [Fact]
    public void Rotation_IsValidatedAgainstWhatIsRegistered()
    {
        var extended = GatewayRegistrations.Add(new Microsoft.Extensions.DependencyInjection.ServiceCollection()).AddStrategy("sticky");

        Assert.Equal("sticky", Read(extended, new() { ["Gateway:Rotation"] = "sticky" }).Rotation);
        var error = Assert.Throws<GatewayConfigurationException>(() => Read(GatewayRegistrations.Registry, new() { ["Gateway:Rotation"] = "sticky" }));
        Assert.Contains("unknown rotation 'sticky'; use one of: round-robin, random, weighted, failover, priority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderType_IsDataOwnedByItsProtocol_DefaultsComeFromIt()
    {
        var registry = new GatewayRegistry().AddStrategy("round-robin")
            .AddTypes([new ProviderTypeInfo("custom", "openai-compatible", null, KeyRequired: false) { Fallback = true }])
            .AddTypes([new ProviderTypeInfo("acme", "acme-protocol", "https://api.acme.test/v2", KeyRequired: true, DefaultApiVersion: "7") { Aliases = ["acme-ai"] }]);

        var options = Read(registry, new() { ["Gateway:Providers:acme1:Key"] = "k", ["Gateway:Providers:other:Type"] = "acme-ai", ["Gateway:Providers:other:Key"] = "k" });

        var acme = options.Providers.Single(p => p.Name == "acme1");
        Assert.Equal(("acme", "https://api.acme.test/v2", "7"), (acme.Type, acme.Url.AbsoluteUri.TrimEnd('/'), acme.ApiVersion));
        Assert.Equal("acme", options.Providers.Single(p => p.Name == "other").Type);
    }

    [Fact]
    public void UnknownType_FailsNamingTheSettingAndTheRegisteredTypes()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => Read(GatewayRegistrations.Registry, new() { ["Gateway:Providers:x:Type"] = "acme", ["Gateway:Providers:x:Url"] = "http://127.0.0.1:1" }));

        Assert.Contains("Gateway:Providers:x:Type: unknown provider type 'acme'", error.Message, StringComparison.Ordinal);
        Assert.Contains("anthropic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openrouter2", "openrouter")]
    [InlineData("azure_eu", "azure")]
    [InlineData("anthropic-backup", "anthropic")]
    [InlineData("local", "custom")]
    public void InferType_TakesTheLongestRegisteredPrefix_ElseTheFallback(string provider, string expected) =>
        Assert.Equal(expected, GatewayRegistrations.Registry.InferType(provider).Name);

    [Fact]
    public void AddTypes_TheSameNameTwice_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new GatewayRegistry().AddTypes([new ProviderTypeInfo("a", "p", null, false), new ProviderTypeInfo("A", "p", null, false)]));
}

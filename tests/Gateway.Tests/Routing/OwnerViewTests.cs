using Gateway.Configuration;
using Gateway.Providers;
using Gateway.Providers.OpenAICompatible;
using Gateway.Routing;

namespace Gateway.Tests.Routing;

public sealed class OwnerViewTests
{
    private static RoutingTable Table()
    {
        ProviderOptions Provider(string name, string? owner, bool isDefault = false) => new()
        {
            Name = name,
            Type = "custom",
            Url = new Uri($"http://127.0.0.1:9/{name}"),
            Smart = $"{name}-smart",
            Owner = owner,
            IsDefault = isDefault,
        };

        var catalog = new ProviderCatalog(
            [Provider("g", null), Provider("a1", "alice"), Provider("a2", "alice", isDefault: true), Provider("b1", "bob")],
            Gateway.Hosting.GatewayRegistrations.Registry, [new OpenAICompatibleProtocol()]);
        return new RoutingTable(1, new GatewayOptions(), catalog);
    }

    private static string[] Names(Resolution resolution) => [.. resolution.Candidates!.Candidates.ToArray().Select(c => c.Provider.Name)];

    [Fact]
    public void Resolve_OwnerView_DefaultFirst_ThenOwnProviders_ThenGlobal()
    {
        var resolution = Table().For("alice").Resolve("smart", null);
        Assert.Equal(["a2", "a1", "g"], Names(resolution));
        Assert.Equal(3, resolution.Candidates!.Links!.Count);
    }

    [Fact]
    public void Resolve_GlobalAndUnknownOwners_SeeOnlyGlobalProviders()
    {
        var table = Table();
        Assert.Equal(["g"], Names(table.For(null).Resolve("smart", null)));
        Assert.Equal(["g"], Names(table.For("carol").Resolve("anything", null)));
        Assert.Equal(["b1", "g"], Names(table.For("bob").Resolve("smart", null)));
    }

    [Fact]
    public void Resolve_PinToAnotherOwnersProvider_IsNotFound()
    {
        var table = Table();
        Assert.Equal(404, table.For("bob").Resolve("smart", "a1").Status);
        Assert.Equal(404, table.For(null).Resolve("smart", "a1").Status);
        Assert.Equal(["a1"], Names(table.For("alice").Resolve("smart", "a1")));
        Assert.Equal(["g"], Names(table.For("alice").Resolve("smart", "g")));
    }

    [Fact]
    public void Owns_KeepsEveryViewsSets()
    {
        var table = Table();
        var key = table.For("bob").Resolve("smart", null).Candidates!.Links![0].Key;
        Assert.True(table.Owns(key));
        Assert.False(table.Owns("owner:zed:tier:smart\nz1"));
    }
}

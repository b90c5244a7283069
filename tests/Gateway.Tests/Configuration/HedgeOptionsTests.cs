using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class HedgeOptionsTests
{
    private static readonly Dictionary<string, string?> TwoProviders = new()
    {
        ["AI_A_URL"] = "http://127.0.0.1:9/v1",
        ["AI_A_KEY"] = "k",
        ["AI_B_URL"] = "http://127.0.0.1:9/v1",
        ["AI_B_KEY"] = "k",
    };

    [Fact]
    public void Read_Nothing_HedgingOff_AndNoProviderOverride()
    {
        var options = TestOptions.Read(environment: TwoProviders);

        Assert.Equal(new HedgeOptions(), options.Retry.Hedge);
        Assert.Equal((false, 5d, false, 20), (options.Retry.Hedge.Enabled, options.Retry.Hedge.Delay.TotalSeconds, options.Retry.Hedge.UseP95, options.Retry.Hedge.MinSamples));
        Assert.All(options.Providers, p => Assert.Null(p.Hedge));
    }

    [Fact]
    public void Read_ProviderSection_OverridesTheGlobalOne_SettingBySetting()
    {
        var options = TestOptions.Read(
            new Dictionary<string, string?>
            {
                ["Gateway:Retry:Hedge:Enabled"] = "true",
                ["Gateway:Retry:Hedge:DelaySeconds"] = "3",
                ["Gateway:Providers:b:Hedge:UseP95"] = "true",
                ["Gateway:Providers:b:Hedge:MinSamples"] = "50",
            },
            TwoProviders);

        Assert.Equal(new HedgeOptions { Enabled = true, Delay = TimeSpan.FromSeconds(3) }, options.Retry.Hedge);
        Assert.Null(options.Providers.Single(p => p.Name == "a").Hedge);
        Assert.Equal(new HedgeOptions { Enabled = true, Delay = TimeSpan.FromSeconds(3), UseP95 = true, MinSamples = 50 }, options.Providers.Single(p => p.Name == "b").Hedge);
    }

    [Fact]
    public void Read_TierSections_OverTheGlobalOne_SettingBySetting()
    {
        var options = TestOptions.Read(
            new Dictionary<string, string?>
            {
                ["Gateway:Retry:Hedge:DelaySeconds"] = "3",
                ["Gateway:Retry:Hedge:Tiers:smart:Enabled"] = "true",
                ["Gateway:Retry:Hedge:Tiers:Fast:UseP95"] = "true",
            },
            TwoProviders);

        Assert.Equal(new HedgeOptions { Delay = TimeSpan.FromSeconds(3) }, options.Retry.Hedge);
        Assert.Equal(new HedgeOptions { Enabled = true, Delay = TimeSpan.FromSeconds(3) }, options.Retry.HedgeTiers["smart"]);
        Assert.Equal(new HedgeOptions { Delay = TimeSpan.FromSeconds(3), UseP95 = true }, options.Retry.HedgeTiers["fast"]);
    }

    [Fact]
    public void Read_UnknownTier_NamesTheSetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(
            new Dictionary<string, string?> { ["Gateway:Retry:Hedge:Tiers:slow:Enabled"] = "true" }, TwoProviders));

        Assert.Contains("Gateway:Retry:Hedge:Tiers:slow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadValues_NameEverySetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(
            new Dictionary<string, string?>
            {
                ["Gateway:Retry:Hedge:DelaySeconds"] = "0",
                ["Gateway:Retry:Hedge:Enabled"] = "maybe",
                ["Gateway:Providers:a:Hedge:MinSamples"] = "0",
            },
            TwoProviders));

        Assert.Contains("Gateway:Retry:Hedge:DelaySeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Retry:Hedge:Enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Providers:a:Hedge:MinSamples", error.Message, StringComparison.Ordinal);
    }
}

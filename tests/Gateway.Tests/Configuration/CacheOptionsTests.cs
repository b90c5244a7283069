using Gateway.Configuration;
using Xunit;

namespace Gateway.Tests.Configuration;

public sealed class CacheOptionsTests
{
    [Fact]
    public void Read_Nothing_IsOffInMemoryAndFree()
    {
        var cache = TestOptions.Read().Cache;

        Assert.Equal((false, "memory", 64L * 1024 * 1024, 1024 * 1024, TimeSpan.FromHours(1), 0d, 0d),
            (cache.Enabled, cache.Store, cache.MaxBytes, cache.MaxEntryBytes, cache.TimeToLive, cache.ReplayPace, cache.HitCost));
        Assert.Empty(cache.Owners);
    }

    [Fact]
    public void Read_EverySetting_IsTaken()
    {
        var cache = TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Redis:ConnectionString"] = "127.0.0.1:6379",
            ["Gateway:Cache:Enabled"] = "true",
            ["Gateway:Cache:Owners"] = "alice,bob",
            ["Gateway:Cache:Keys:0"] = "0123456789ab",
            ["Gateway:Cache:Store"] = "Redis",
            ["Gateway:Cache:MaxMegabytes"] = "8",
            ["Gateway:Cache:MaxEntryKilobytes"] = "64",
            ["Gateway:Cache:TimeToLiveSeconds"] = "60",
            ["Gateway:Cache:ReplayPace"] = "0.25",
            ["Gateway:Cache:HitCost"] = "0.1",
        }).Cache;

        Assert.Equal((true, "redis", 8L * 1024 * 1024, 64 * 1024, TimeSpan.FromMinutes(1), 0.25, 0.1),
            (cache.Enabled, cache.Store, cache.MaxBytes, cache.MaxEntryBytes, cache.TimeToLive, cache.ReplayPace, cache.HitCost));
        Assert.Equal(["alice", "bob"], cache.Owners);
        Assert.Equal(["0123456789ab"], cache.Keys);
    }

    [Fact]
    public void Read_BadValues_FailStartUpNamingEachSetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Cache:Store"] = "redis",
            ["Gateway:Cache:ReplayPace"] = "2",
            ["Gateway:Cache:HitCost"] = "-1",
        }));

        Assert.Contains("Gateway:Cache:Store", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Redis:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Cache:ReplayPace", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Cache:HitCost", error.Message, StringComparison.Ordinal);
    }
}

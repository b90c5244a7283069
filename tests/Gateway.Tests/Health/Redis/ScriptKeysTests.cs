using System.Reflection;
using Gateway.Health.Redis;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Tests.Health.Redis;

/// <summary>Every script of the health store is given keys that share one hash tag, so it runs on Redis Cluster.</summary>
public sealed class ScriptKeysTests
{
    /// <summary>The keys the store gives each script, by the script's name in <see cref="RedisScripts"/>.</summary>
    private static readonly Dictionary<string, Func<string, string[], RedisKey[]>> KeysOf = new()
    {
        [nameof(RedisScripts.Merge)] = RedisKeys.ForMerge,
        [nameof(RedisScripts.Transition)] = (prefix, providers) => [.. providers.SelectMany(p => RedisKeys.ForTransition(prefix, p))],
        [nameof(RedisScripts.Acquire)] = (prefix, providers) => [.. providers.SelectMany(p => RedisKeys.ForProbeLock(prefix, p))],
        [nameof(RedisScripts.Release)] = (prefix, providers) => [.. providers.SelectMany(p => RedisKeys.ForProbeLock(prefix, p))],
    };

    public static TheoryData<string> Prefixes => ["gateway:", "", "test0123abcd:", "a:b:c:", "ünï:", "with space:"];

    private static readonly string[][] ProviderSets =
    [
        ["openai", "anthropic", "groq", "azure-east", "ollama"],
        ["{x}", "}y{", "a}b", "{", "}", ""],
        [.. Enumerable.Range(0, 50).Select(i => $"provider-{i}")],
    ];

    [Fact]
    public void EveryScript_HasItsKeysListedHere()
    {
        var scripts = typeof(RedisScripts).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name);

        Assert.Equal(scripts.Order(StringComparer.Ordinal), KeysOf.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void EveryScript_AllKeysItIsGiven_ShareOneHashTag(string prefix)
    {
        foreach (var (script, keysOf) in KeysOf)
        {
            foreach (var providers in ProviderSets)
            {
                var keys = keysOf(prefix, providers).Select(k => (string)k!).ToArray();
                var tags = keys.Select(RedisHashSlot.HashedPart).Distinct(StringComparer.Ordinal).ToArray();

                Assert.True(tags.Length == 1, $"{script} with prefix '{prefix}': tags {string.Join(", ", tags)}");
                Assert.StartsWith(prefix, tags[0], StringComparison.Ordinal);
                Assert.True(RedisHashSlot.AllInOne(keys), script);
            }
        }
    }

    [Fact]
    public void Merge_OfEveryProvider_IsOneKeyPerProvider_InOrder()
    {
        Assert.Equal(["{gateway:health}:a", "{gateway:health}:b"], RedisKeys.ForMerge("gateway:", ["a", "b"]).Select(k => (string)k!));
    }

    [Theory]
    [InlineData("}gateway:")]
    [InlineData("gate{way}:")]
    public void Read_KeyPrefixWithABrace_IsRejected(string prefix)
    {
        var error = Assert.Throws<Gateway.Configuration.GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Redis:ConnectionString"] = "redis://127.0.0.1:6379",
            ["Gateway:Redis:KeyPrefix"] = prefix,
        }));
        Assert.Contains("KeyPrefix", Assert.Single(error.Errors), StringComparison.Ordinal);
    }
}

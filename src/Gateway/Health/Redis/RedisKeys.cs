using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>
/// Key names of the shared health store, and the keys each script is given. The prefix sits inside a hash tag
/// (<c>{gateway:health}:openai</c>), so every key one script touches lies in one hash slot and the scripts also
/// run on Redis Cluster. The prefix holds no brace (a validated setting), so the tag is always the prefix part.
/// </summary>
internal static class RedisKeys
{
    public static string Health(string prefix, string provider) => "{" + prefix + "health}:" + provider;

    public static string Probe(string prefix, string provider) => "{" + prefix + "probe}:" + provider;

    /// <summary>The lease of one active-probe round (a plain string key, <c>SET NX PX</c>).</summary>
    public static string ProbeRound(string prefix, long round) => prefix + "probes:round:" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The keys of <see cref="RedisScripts.Merge"/>: one health hash per provider.</summary>
    public static RedisKey[] ForMerge(string prefix, IReadOnlyList<string> providers) => [.. providers.Select(p => (RedisKey)Health(prefix, p))];

    /// <summary>The keys of <see cref="RedisScripts.Transition"/>.</summary>
    public static RedisKey[] ForTransition(string prefix, string provider) => [Health(prefix, provider)];

    /// <summary>The keys of <see cref="RedisScripts.Acquire"/> and <see cref="RedisScripts.Release"/>.</summary>
    public static RedisKey[] ForProbeLock(string prefix, string provider) => [Probe(prefix, provider)];
}

namespace Gateway.Health.Redis;

/// <summary>
/// Key names of the shared health store. The prefix sits inside a hash tag (<c>{gateway:health}:openai</c>), so
/// every key one merge script touches lies in one hash slot and the script also runs on Redis Cluster.
/// </summary>
internal static class RedisKeys
{
    public static string Health(string prefix, string provider) => "{" + prefix + "health}:" + provider;

    public static string Probe(string prefix, string provider) => "{" + prefix + "probe}:" + provider;
}

using System.Globalization;
using Gateway.FakeUpstream;

// Standalone fake provider: dotnet run --project tests/Gateway.FakeUpstream -- --port 9001 --chunks 20 --chunk-delay-ms 5 --headers-delay-ms 0
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.OrdinalIgnoreCase);
int Int(string key, int fallback) => options.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : fallback;

await using var server = await FakeUpstreamServer.StartAsync(options.GetValueOrDefault("name", "fake"), Int("port", 9001), options.GetValueOrDefault("host", "127.0.0.1"));
server.Record = false;
server.Default = new FakeResponse
{
    Chunks = Int("chunks", 3),
    ChunkDelay = TimeSpan.FromMilliseconds(Int("chunk-delay-ms", 0)),
    HeadersDelay = TimeSpan.FromMilliseconds(Int("headers-delay-ms", 0)), // a slower provider (load-tests/strategies.sh)
};
Console.WriteLine($"FakeUpstream '{server.Name}' listening on {server.BaseUrl}");
await server.WaitForShutdownAsync();

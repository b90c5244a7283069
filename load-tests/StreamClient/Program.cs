using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// N concurrent streaming chat requests, each read to its end; counts the streams that ended with "data: [DONE]".
//   dotnet StreamClient.dll --url http://127.0.0.1:8080/v1/chat/completions --streams 4000 --deadline-s 60
// Opening is gated (--open-concurrency requests waiting for their response headers at once) so that thousands of
// connects do not overflow the listen backlog; once a stream has its headers it no longer holds the gate.
// Prints one line to stdout: "started=N done=D errors=E open_peak=P all_open_s=S seconds=T", and the errors by kind
// to stderr. --stream false sends non-streaming requests (a warm-up) and counts a 200 as done.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.OrdinalIgnoreCase);
string Str(string key, string fallback) => options.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
int Int(string key, int fallback) => int.TryParse(Str(key, ""), CultureInfo.InvariantCulture, out var n) ? n : fallback;

var url = new Uri(Str("url", "http://127.0.0.1:8080/v1/chat/completions"));
var streams = Int("streams", 4000);
var deadline = TimeSpan.FromSeconds(Int("deadline-s", 60));
var gate = new SemaphoreSlim(Int("open-concurrency", 256));
var stream = !string.Equals(Str("stream", "true"), "false", StringComparison.OrdinalIgnoreCase);
var body = Encoding.UTF8.GetBytes(
    $$"""{"model":"{{Str("model", "fast")}}","messages":[{"role":"user","content":"Say hello in five words."}],"stream":{{(stream ? "true" : "false")}}}""");

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    UseProxy = false,
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    ConnectTimeout = TimeSpan.FromSeconds(10),
};
using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
using var cts = new CancellationTokenSource(deadline);

int done = 0, open = 0, openPeak = 0, opened = 0;
long allOpenTicks = 0;
var errors = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
void Error(string kind) => errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
var clock = Stopwatch.StartNew();

async Task RunOneAsync()
{
    var ct = cts.Token;
    var holding = false;
    var isOpen = false;
    try
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        holding = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        gate.Release();
        holding = false;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Error($"http_{(int)response.StatusCode}");
            return;
        }

        isOpen = true;
        var now = Interlocked.Increment(ref open);
        InterlockedMax(ref openPeak, now);
        if (Interlocked.Increment(ref opened) == streams)
        {
            Interlocked.Exchange(ref allOpenTicks, clock.ElapsedTicks);
        }

        if (!stream)
        {
            await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            Interlocked.Increment(ref done);
            return;
        }

        await using var content = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(content, Encoding.UTF8, false, 1024);
        var sawDone = false;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line == "data: [DONE]")
            {
                sawDone = true;
            }
        }

        if (sawDone)
        {
            Interlocked.Increment(ref done);
        }
        else
        {
            Error("ended_without_done");
        }
    }
    catch (OperationCanceledException) when (cts.IsCancellationRequested)
    {
        Error(isOpen ? "deadline_while_streaming" : "deadline_before_headers");
    }
    catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
    {
        Error(e.GetType().Name + (e.InnerException is { } inner ? "/" + inner.GetType().Name : ""));
    }
    finally
    {
        if (holding)
        {
            gate.Release();
        }

        if (isOpen)
        {
            Interlocked.Decrement(ref open);
        }
    }
}

static void InterlockedMax(ref int target, int value)
{
    var current = Volatile.Read(ref target);
    while (value > current)
    {
        var seen = Interlocked.CompareExchange(ref target, value, current);
        if (seen == current)
        {
            return;
        }

        current = seen;
    }
}

var tasks = new Task[streams];
for (var i = 0; i < streams; i++)
{
    tasks[i] = Task.Run(RunOneAsync);
}

await Task.WhenAll(tasks).ConfigureAwait(false);
var seconds = clock.Elapsed.TotalSeconds;
var allOpen = allOpenTicks == 0 ? -1 : (double)allOpenTicks / Stopwatch.Frequency;
var errorCount = errors.Values.Sum();
foreach (var (kind, count) in errors.OrderByDescending(e => e.Value))
{
    Console.Error.WriteLine($"error {kind}: {count}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"started={streams} done={done} errors={errorCount} open_peak={openPeak} all_open_s={allOpen:F1} seconds={seconds:F1}"));
return errorCount == 0 ? 0 : 1;

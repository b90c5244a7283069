using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Usage;

// What the gateway spends per event on a released chat stream, three ways, alternating round by round in one process
// so the machine's load hits each alike: the usage filter alone (what every chat stream went through before), plus the
// event guard validating each event, plus the guard also noting the text for a continuation. Reads of one event each
// (a provider flushing token by token) and of 16 KB (a stream that arrives in bursts). Bounded: ROUNDS x STREAMS.
var rounds = int.Parse(Environment.GetEnvironmentVariable("ROUNDS") ?? "15", CultureInfo.InvariantCulture);
var streams = int.Parse(Environment.GetEnvironmentVariable("STREAMS") ?? "200", CultureInfo.InvariantCulture);
const int Tokens = 400;

var events = new List<byte[]>
{
    Event("""{"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1733550000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}"""),
};
for (var i = 0; i < Tokens; i++)
{
    events.Add(Event($$"""{"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1733550000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" token{{i}}"},"logprobs":null,"finish_reason":null}]}"""));
}

events.Add(Event("""{"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1733550000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}"""));
events.Add(Event("""{"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1733550000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":400,"total_tokens":412}}"""));
events.Add("data: [DONE]\n\n"u8.ToArray());
var whole = events.SelectMany(e => e).ToArray();
var perEvent = events.Select(e => (ReadOnlyMemory<byte>)e).ToArray();
var bursts = Enumerable.Range(0, (whole.Length + 16383) / 16384).Select(i => (ReadOnlyMemory<byte>)whole.AsMemory(i * 16384, Math.Min(16384, whole.Length - i * 16384))).ToArray();

var variants = new (string Name, Func<IStreamFilter> Create)[]
{
    ("usage filter alone (before)", () => new StreamUsageFilter(strip: true)),
    ("+ guard: every event validated", () => new StreamEventGuard(new StreamUsageFilter(strip: true), null, chat: true, 3, new MalformedEvents(NoReports.Instance, "p", "r"))),
    ("+ guard: validated and its facts read, text noted for continuation", () => new StreamEventGuard(new StreamUsageFilter(strip: true), new StreamContinuation(), chat: true, 3, new MalformedEvents(NoReports.Instance, "p", "r"))),
};

foreach (var (label, reads) in new[] { ("one event per read", perEvent), ("16 KB reads", bursts) })
{
    var ticks = new long[variants.Length];
    var allocated = new long[variants.Length];
    for (var warm = 0; warm < 3; warm++)
    {
        foreach (var variant in variants)
        {
            await RunAsync(variant.Create, reads, 20);
        }
    }

    for (var round = 0; round < rounds; round++)
    {
        for (var v = 0; v < variants.Length; v++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            await RunAsync(variants[v].Create, reads, streams);
            ticks[v] += watch.ElapsedTicks;
            allocated[v] += GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    var count = (double)rounds * streams;
    Console.WriteLine($"\n{label}: {events.Count} events ({whole.Length} bytes) per stream, {rounds} alternating rounds of {streams} streams each");
    Console.WriteLine("| variant | ns per event | µs per stream | ratio to before | bytes allocated per stream |");
    Console.WriteLine("|---|---|---|---|---|");
    for (var v = 0; v < variants.Length; v++)
    {
        var seconds = ticks[v] / (double)Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {variants[v].Name} | {seconds * 1e9 / (count * events.Count):F0} | {seconds * 1e6 / count:F1} | {ticks[v] / (double)ticks[0]:F2} | {allocated[v] / count:F0} |"));
    }
}

// Each piece of a released chunk's per-event work on its own, on one typical content event: the JSON check by
// JsonSyntax against the Utf8JsonReader pass it replaced, reading a chunk's facts (a continuable stream), the finish
// reason and tail scans, the usage filter, and the idle timer's re-arming. Best of 7 rounds of a million calls each.
var sample = events[1];
var json = sample.AsMemory(6, sample.Length - 8);
var scanner = new Gateway.Operations.FinishReasonScanner();
var tail = new TailBuffer(16);
var usageOnly = new StreamUsageFilter(strip: true);
var armed = new CancellationTokenSource(Timeout.InfiniteTimeSpan, TimeProvider.System);
Console.WriteLine($"\nper piece, one {sample.Length}-byte content event, best of 7 rounds of 1,000,000 calls");
Console.WriteLine("| piece | ns per event |");
Console.WriteLine("|---|---|");
Piece("JSON check: JsonSyntax.IsValid (the guard's, now)", () => JsonSyntax.IsValid(json.Span));
Piece("JSON check: a Utf8JsonReader pass (the guard's before)", () => ReaderPass(json.Span));
Piece("chunk facts (ChunkFacts.Read: continuable streams)", () => ChunkFacts.Read(json.Span, out _));
Piece("finish reason scan (FinishReasonScanner.Push)", () => { scanner.Push(sample); return true; });
Piece("tail (TailBuffer.Push)", () => { tail.Push(sample); return true; });
Piece("usage filter (StreamUsageFilter.WriteAsync)", () => usageOnly.WriteAsync(sample, Stream.Null, CancellationToken.None).IsCompletedSuccessfully);
Piece("idle timer re-armed (CancellationTokenSource.CancelAfter)", () => { armed.CancelAfter(TimeSpan.FromSeconds(60)); return true; });

static void Piece(string name, Func<bool> work)
{
    for (var i = 0; i < 200_000; i++)
    {
        work();
    }

    var best = double.MaxValue;
    for (var round = 0; round < 7; round++)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 1_000_000; i++)
        {
            work();
        }

        best = Math.Min(best, watch.Elapsed.TotalNanoseconds / 1_000_000);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {best:F0} |"));
}

static bool ReaderPass(ReadOnlySpan<byte> json)
{
    try
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { MaxDepth = 128 });
        if (!reader.Read())
        {
            return false;
        }

        reader.Skip();
        return !reader.Read();
    }
    catch (System.Text.Json.JsonException)
    {
        return false;
    }
}

static async Task RunAsync(Func<IStreamFilter> create, ReadOnlyMemory<byte>[] reads, int streams)
{
    for (var s = 0; s < streams; s++)
    {
        using var filter = create();
        foreach (var read in reads)
        {
            await filter.WriteAsync(read, Stream.Null, CancellationToken.None);
        }

        await filter.FlushAsync(Stream.Null, CancellationToken.None);
    }
}

static byte[] Event(string json) => Encoding.UTF8.GetBytes("data: " + json + "\n\n");

/// <summary>The benchmark's streams are well formed: nothing is dropped, nothing to hear of.</summary>
internal sealed class NoReports : IMalformedEventSink
{
    public static readonly NoReports Instance = new();

    public void Dropped(string provider, string requestId, int count)
    {
    }
}

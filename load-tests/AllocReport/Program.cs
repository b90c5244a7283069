using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

// AllocReport TRACE.nettrace REQUESTS [TOP]: the GC's allocation ticks (one per ~100 KB allocated, with the type and
// stack of the allocation that crossed it) summed by type, by innermost Gateway method, and by both, per request.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: AllocReport TRACE.nettrace REQUESTS [TOP]");
    return 2;
}

var requests = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var top = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
var byType = new Dictionary<string, long>();
var byMethod = new Dictionary<string, long>();
var byPair = new Dictionary<string, long>();
long total = 0;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var source = log.Events.GetSource();
source.Clr.GCAllocationTick += tick =>
{
    var bytes = tick.AllocationAmount64;
    total += bytes;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + bytes;
    for (var frame = tick.CallStack(); frame is not null; frame = frame.Caller)
    {
        var method = frame.CodeAddress.FullMethodName;
        if (method.StartsWith("Gateway.", StringComparison.Ordinal))
        {
            method = method.Split('(')[0];
            byMethod[method] = byMethod.GetValueOrDefault(method) + bytes;
            var pair = method + " <- " + tick.TypeName;
            byPair[pair] = byPair.GetValueOrDefault(pair) + bytes;
            break;
        }
    }
};
source.Process();

Console.WriteLine($"sampled {total} bytes over {requests} requests: about {total / requests:F0} bytes per request");
Print("by type", byType);
Print("by innermost Gateway method", byMethod);
Print("by innermost Gateway method and type", byPair);
return 0;

void Print(string title, Dictionary<string, long> table)
{
    Console.WriteLine($"-- {title}");
    foreach (var (name, bytes) in table.OrderByDescending(p => p.Value).Take(top))
    {
        Console.WriteLine($"{bytes / requests,8:F0} B/request  {name}");
    }
}

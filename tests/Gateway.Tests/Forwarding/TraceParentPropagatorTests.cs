using System.Diagnostics;
using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class TraceParentPropagatorTests
{
    [Fact]
    public void Inject_ActivityWithBaggageAndState_SetsOnlyTraceparent()
    {
        using var activity = new Activity("test");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        activity.TraceStateString = "tenant=secret";
        activity.AddBaggage("user", "secret");
        activity.Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://upstream.test/");
        var set = new List<(string Name, string? Value)>();

        TraceParentPropagator.Instance.Inject(activity, request, (carrier, name, value) =>
        {
            set.Add((name, value));
            ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value);
        });

        var (name, value) = Assert.Single(set);
        Assert.Equal("traceparent", name);
        Assert.Matches("^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$", value);
        Assert.Equal(["traceparent"], TraceParentPropagator.Instance.Fields);
    }

    [Fact]
    public void Inject_RequestWithATraceparentAlready_EndsWithOne()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://upstream.test/");
        request.Headers.TryAddWithoutValidation("traceparent", "00-11111111111111111111111111111111-2222222222222222-01");

        TraceParentPropagator.Instance.Inject(activity, request, (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));

        Assert.Equal([activity.Id], request.Headers.GetValues("traceparent"));
    }

    [Fact]
    public void Inject_HierarchicalOrMissingActivity_SetsNothing()
    {
        using var hierarchical = new Activity("test").SetIdFormat(ActivityIdFormat.Hierarchical).Start();
        var calls = 0;

        TraceParentPropagator.Instance.Inject(hierarchical, new object(), (_, _, _) => calls++);
        TraceParentPropagator.Instance.Inject(null, new object(), (_, _, _) => calls++);

        Assert.Equal(0, calls);
    }

    [Fact]
    public void Extract_AnyCarrier_FindsNothing()
    {
        TraceParentPropagator.Instance.ExtractTraceIdAndState(new object(), (_, _, out value, out values) => { value = "x"; values = null; }, out var traceId, out var state);

        Assert.Equal((null, null), (traceId, state));
        Assert.Null(TraceParentPropagator.Instance.ExtractBaggage(new object(), (_, _, out value, out values) => { value = "x"; values = null; }));
    }
}

namespace Gateway.FakeUpstream;

/// <summary>The model list can be made to fail (active-probe tests): a provider that is down for <c>GET /models</c>.</summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>When set, <c>GET /models</c> answers this status with an empty body instead of the list.</summary>
    public int? ModelsStatus { get; set; }
}

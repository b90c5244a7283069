namespace Gateway.Contracts;

/// <summary>
/// A request feature: the API key a Google client sent as <c>?key=</c>, taken out of the request's query (and raw
/// target) before the host saw the request, so no log, trace or metric can hold it.
/// </summary>
internal sealed class QueryKey(string value)
{
    public string Value => value;
}

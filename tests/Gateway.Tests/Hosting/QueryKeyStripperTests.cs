using Gateway.Contracts;
using Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Hosting;

public sealed class QueryKeyStripperTests
{
    private static (IHttpRequestFeature Request, QueryKey? Key) Strip(string path, string query)
    {
        var features = new FeatureCollection();
        var request = new HttpRequestFeature { Path = path, QueryString = query, RawTarget = path + query };
        features.Set<IHttpRequestFeature>(request);
        QueryKeyStripper.Strip(features);
        return (request, features.Get<QueryKey>());
    }

    [Theory]
    [InlineData("/v1beta/models/m:streamGenerateContent", "?alt=sse&key=AIza-secret", "?alt=sse", "AIza-secret")]
    [InlineData("/v1beta/models/m:generateContent", "?key=AIza%2Bsecret", "", "AIza+secret")]
    [InlineData("/v1beta/models", "?pageSize=5&key=k1&key=k2&pageToken=t", "?pageSize=5&pageToken=t", "k1")]
    [InlineData("/v1/models/m:generateContent", "?key=k", "", "k")]
    [InlineData("/V1BETA/models", "?key=k", "", "k")]
    public void Strip_TakesTheKeyOutOfTheQueryAndRawTarget(string path, string query, string left, string key)
    {
        var (request, found) = Strip(path, query);

        Assert.Equal(left, request.QueryString);
        Assert.Equal(path + left, request.RawTarget);
        Assert.Equal(key, found?.Value);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "?key=k")]
    [InlineData("/admin/keys", "?key=k")]
    [InlineData("/v1beta/models", "?monkey=k")]
    [InlineData("/v1beta/models", "?keys=k")]
    [InlineData("/v1beta/models", "")]
    public void Strip_LeavesOtherPathsAndParametersAlone(string path, string query)
    {
        var (request, found) = Strip(path, query);

        Assert.Equal(query, request.QueryString);
        Assert.Null(found);
    }
}

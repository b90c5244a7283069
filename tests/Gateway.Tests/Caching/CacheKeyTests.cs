using System.Text.Json;
using Gateway.Caching;
using Gateway.Routing;
using Xunit;

namespace Gateway.Tests.Caching;

public sealed class CacheKeyTests
{
    private static readonly CandidateSet Smart = new("tier:smart", []);

    [Fact]
    public void Compute_PropertyOrderWhitespaceAndEscapes_GiveTheSameKey()
    {
        var a = Key("""{"model":"smart","temperature":0,"messages":[{"role":"user","content":"hi é"}]}""");
        var b = Key("""
            {
              "messages" : [ { "content" : "hi \u00e9", "role" : "user" } ],
              "temperature": 0,
              "model": "smart"
            }
            """);

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Fact]
    public void Compute_StreamFieldLeftOut_TheStreamFlagDecides()
    {
        var plain = Key("""{"model":"smart","messages":[]}""");
        var asFalse = Key("""{"model":"smart","stream":false,"messages":[]}""");

        Assert.Equal(plain, asFalse);
        Assert.NotEqual(plain, Key("""{"model":"smart","stream":true,"messages":[]}""", stream: true));
    }

    [Fact]
    public void Compute_DifferentOwnersModelsOrMessages_GiveDifferentKeys()
    {
        const string Body = """{"model":"smart","messages":[{"role":"user","content":"hi"}]}""";
        var key = Key(Body);

        Assert.NotEqual(key, Key(Body, scope: "owner:bob"));
        Assert.NotEqual(key, Key(Body, candidates: new CandidateSet("tier:fast", [])));
        Assert.NotEqual(key, Key("""{"model":"smart","messages":[{"role":"user","content":"hi!"}]}"""));
        Assert.NotEqual(key, Key("""{"model":"smart","messages":[{"content":"hi","role":"user"}],"user":"x"}"""));
        Assert.NotEqual(Key("""{"model":"smart","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}"""),
            Key("""{"model":"smart","messages":[{"role":"user","content":"b"},{"role":"user","content":"a"}]}"""));
    }

    private static string Key(string json, string scope = "owner:alice", CandidateSet? candidates = null, bool stream = false)
    {
        using var document = JsonDocument.Parse(json);
        return CacheKey.Compute("ChatCompletions", scope, candidates ?? Smart, "smart", stream, document.RootElement);
    }
}

using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Usage;
using Xunit;

namespace Gateway.Tests.Accounts.Limits;

/// <summary>
/// The reservation is an upper bound: output as asked times the choices, never capped; the model's most when none is
/// asked; the priciest candidate's price; a stored conversation's turns; images and audio by their rule.
/// </summary>
public sealed class RequestEstimatorTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["AI_CHEAP_URL"] = "http://127.0.0.1:1/v1",
        ["AI_CHEAP_SMART"] = "cheap-model",
        ["AI_PRICEY_URL"] = "http://127.0.0.1:2/v1",
        ["AI_PRICEY_SMART"] = "pricey-model",
        ["AI_FREE_URL"] = "http://127.0.0.1:3/v1",
        ["AI_FREE_SMART"] = "pricey-model",
        ["AI_FREE_COST_MULTIPLIER"] = "0",
    };

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Gateway:Prices:cheap-model:Input"] = "1",
        ["Gateway:Prices:cheap-model:Output"] = "2",
        ["Gateway:Prices:pricey-model:Input"] = "10",
        ["Gateway:Prices:pricey-model:Output"] = "40",
        ["Gateway:Prices:pricey-model:MaxOutput"] = "5000",
    };

    [Fact]
    public void Bound_MaxTokensTimesChoices_IsNotCapped()
    {
        var (estimator, candidates) = CreateSut("cheap");
        var shape = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}],"max_tokens":32000,"n":8}""");

        var bound = estimator.Bound(shape, Request(candidates));

        Assert.Equal((32000L, 8L), (shape.MaxOutput!.Value, shape.Choices));
        Assert.Equal(256_000, bound.Output);
        Assert.Equal(32000, bound.PerChoice);
    }

    [Theory]
    [InlineData("pricey", 5000)] // the price table's MaxOutput
    [InlineData("cheap", 16384)] // no maximum known: the default
    public void Bound_NoMaxTokens_ReservesTheModelsMostOutput(string provider, long expected)
    {
        var (estimator, candidates) = CreateSut(provider);
        var shape = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(expected, estimator.Bound(shape, Request(candidates)).Output);
    }

    [Fact]
    public void Bound_BuiltInModel_KnowsItsMostOutput() =>
        Assert.Equal(32_768, new PriceTable(TestOptions.Read()).MaxOutput("openai/gpt-4.1-mini-2025-04-14"));

    [Fact]
    public void Bound_CheapThenPricey_IsPricedAtThePriciest()
    {
        var (estimator, candidates) = CreateSut("cheap", "pricey");
        var shape = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}],"max_tokens":1000}""");

        var bound = estimator.Bound(shape, Request(candidates));

        Assert.Equal(estimator.MicroUsd("pricey", "pricey-model", shape.Prompt, 1000), bound.MicroUsd);
        Assert.True(bound.MicroUsd > estimator.MicroUsd("cheap", "cheap-model", shape.Prompt, 1000));
    }

    [Fact]
    public void Bound_FreeProviderFirst_DoesNotLowerTheBoundOfWhatItFailsOverTo()
    {
        var (estimator, candidates) = CreateSut("free", "pricey");
        var shape = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}],"max_tokens":1000}""");

        Assert.Equal(0, estimator.MicroUsd("free", "pricey-model", shape.Prompt, 1000));
        Assert.Equal(estimator.MicroUsd("pricey", "pricey-model", shape.Prompt, 1000), estimator.Bound(shape, Request(candidates)).MicroUsd);
    }

    [Fact]
    public void Read_History_AddsTheStoredTurns()
    {
        var (estimator, _) = CreateSut("cheap");
        var body = Encoding.UTF8.GetBytes("""{"model":"smart","input":"and then?"}""");
        var history = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("""{"role":"user","content":"a long story told once more"}""", 200)) + "]");

        var alone = estimator.Read(body, default, TokenWork.Unbounded);
        var replayed = estimator.Read(body, history, TokenWork.Unbounded);

        Assert.True(replayed.Prompt >= alone.Prompt + (200 * 6), $"{alone.Prompt} -> {replayed.Prompt}");
    }

    [Fact]
    public void Read_ImagesAndAudio_CountByTheirRuleNotTheirBase64()
    {
        var (estimator, _) = CreateSut("cheap");
        var image = "data:image/png;base64," + new string('A', 400_000);
        var audio = new string('B', 64_000);
        var body = $$$"""{"model":"smart","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{image}}}"}},{"type":"input_audio","input_audio":{"data":"{{{audio}}}","format":"wav"}},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{audio}}}"}}]}]}""";
        var work = new TokenWork(long.MaxValue);

        var shape = estimator.Read(Encoding.UTF8.GetBytes(body), default, work);

        Assert.InRange(work.Chars, 1, 50); // "image/png" and "wav": nothing of the base64 went to the tokenizer
        var media = (2 * RequestEstimator.ImageTokens) + 1 + (64_000 / RequestEstimator.AudioCharsPerToken);
        Assert.InRange(shape.Prompt, media, media + 20);
    }

    [Fact]
    public void Read_Tools_CountTheirSchemaNames()
    {
        var (estimator, _) = CreateSut("cheap");
        var plain = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}]}""");
        var tools = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"customer_identifier":{"type":"string"}},"required":["customer_identifier"]}}}]}""");

        Assert.True(tools.Prompt - plain.Prompt >= 10, $"{plain.Prompt} -> {tools.Prompt}");
    }

    [Fact]
    public void PerChoiceWithin_UsdRoom_FitsOnEveryCandidate()
    {
        var (estimator, candidates) = CreateSut("cheap", "pricey");
        var shape = Read(estimator, """{"model":"smart","messages":[{"role":"user","content":"hi"}],"max_tokens":32000,"n":2}""");
        var request = Request(candidates);

        var fits = estimator.PerChoiceWithin(LimitKind.UsdPerDay, 10_000, shape, request)!.Value;

        Assert.True(estimator.Bound(shape, request, fits).MicroUsd <= 10_000);
        Assert.True(estimator.Bound(shape, request, fits + 1).MicroUsd > 10_000);
        Assert.Null(estimator.PerChoiceWithin(LimitKind.RequestsPerMinute, 10, shape, request));
        Assert.Equal((1000 - shape.Prompt) / 2, estimator.PerChoiceWithin(LimitKind.TokensPerDay, 1000, shape, request));
    }

    private static RequestShape Read(RequestEstimator estimator, string json) => estimator.Read(Encoding.UTF8.GetBytes(json), default, TokenWork.Unbounded);

    private static AdmissionRequest Request(CandidateSet candidates) => new(default, default, candidates, "smart", UpstreamOperation.ChatCompletions);

    private static (RequestEstimator, CandidateSet) CreateSut(params string[] providers)
    {
        var options = TestOptions.Read(Settings, Environment);
        var catalog = TestOptions.Catalog(options);
        var candidates = providers.Select(p => catalog.Enabled.Single(e => e.Name == p)).Select(p => new Candidate(p, p.Name == "cheap" ? "cheap-model" : "pricey-model")).ToArray();
        return (new RequestEstimator(new PriceTable(options), new AccountsOptions()), new CandidateSet("tier:smart", candidates));
    }
}

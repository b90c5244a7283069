using Gateway.Contracts;
using Gateway.Providers;
using Gateway.Routing;

namespace Gateway.Tests.Routing;

/// <summary>Candidate narrowing as one ordered list: the protocol-capability and natives filters, and the list itself.</summary>
public sealed class CandidateFiltersTests
{
    // oa speaks chat only; az (Azure) serves the Responses API natively and has no moderations.
    private static readonly RoutingTable Table = TestOptions.Table(TestOptions.Read(environment: new Dictionary<string, string?>
    {
        ["AI_OA_URL"] = "http://127.0.0.1:1/v1",
        ["AI_OA_KEY"] = "k",
        ["AI_AZ_TYPE"] = "azure",
        ["AI_AZ_URL"] = "http://127.0.0.1:2",
        ["AI_AZ_KEY"] = "k",
    }));

    private static CandidateSet Everyone => Table.Resolve("any-model", null).Candidates!;

    private static string[] Names(Resolution resolution) => [.. resolution.Candidates!.Candidates.ToArray().Select(c => c.Provider.Name)];

    private static CandidateFilters CreateSut(params ICandidateFilter[] filters) => new(filters);

    [Fact]
    public void Capability_EveryCandidateServes_KeepsTheSameSet()
    {
        var set = Everyone;
        var kept = new ProtocolCapabilityFilter().Apply(set, new CandidateQuery(Table, UpstreamOperation.ChatCompletions, ContentKinds.None));
        Assert.Same(set, kept.Candidates);
    }

    [Fact]
    public void Capability_SomeCannotServe_KeepsTheOthersInOneDerivedSetPerTable()
    {
        var query = new CandidateQuery(Table, UpstreamOperation.Moderations, ContentKinds.None);
        var first = new ProtocolCapabilityFilter().Apply(Everyone, query);
        var second = new ProtocolCapabilityFilter().Apply(Everyone, query);

        Assert.Equal(["oa"], Names(first));
        Assert.Equal(Everyone.Name + "|Moderations|None", first.Candidates!.Name);
        Assert.Same(first.Candidates, second.Candidates);
    }

    [Fact]
    public void Capability_NoneCanServe_Refuses400NamingTheProviders()
    {
        var pinned = Table.Resolve("m", "az").Candidates!;
        var refused = new ProtocolCapabilityFilter().Apply(pinned, new CandidateQuery(Table, UpstreamOperation.Moderations, ContentKinds.None));

        Assert.Null(refused.Candidates);
        Assert.Equal((400, "unsupported_by_provider", "az"), (refused.Refusal!.Status, refused.Refusal.Code, refused.Refusal.Providers));
        Assert.Equal(ErrorTypes.InvalidRequest, refused.Refusal.Type);
    }

    [Fact]
    public void Natives_NotAsked_KeepsTheSameSet()
    {
        var set = Everyone;
        Assert.Same(set, new NativesFilter().Apply(set, new CandidateQuery(Table, UpstreamOperation.Responses, ContentKinds.None)).Candidates);
    }

    [Fact]
    public void Natives_Asked_KeepsOnlyProvidersServingTheApiThemselves()
    {
        var query = new CandidateQuery(Table, UpstreamOperation.Responses, ContentKinds.None) { NativesOnly = UpstreamOperation.Responses };
        var kept = new NativesFilter().Apply(Everyone, query);
        Assert.Equal(["az"], Names(kept));
        Assert.EndsWith("|native-Responses", kept.Candidates!.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Natives_NoneServes_RefusesWithTheRequestsRefusal()
    {
        var refusal = new Refusal(400, "previous_response_not_found", "Previous response with id 'x' not found.");
        var query = new CandidateQuery(Table, UpstreamOperation.Responses, ContentKinds.None) { NativesOnly = UpstreamOperation.Responses, WithoutNatives = refusal };
        var refused = new NativesFilter().Apply(Table.Resolve("m", "oa").Candidates!, query);
        Assert.Equal(refusal, refused.Refusal);
    }

    [Fact]
    public void Natives_NoneServesAndTheOperationAnswers_KeepsNobodyRefusesNothing()
    {
        var query = new CandidateQuery(Table, UpstreamOperation.CountTokens, ContentKinds.None) { NativesOnly = UpstreamOperation.CountTokens };
        Assert.Equal(Resolution.None, new NativesFilter().Apply(Everyone, query));
    }

    [Fact]
    public void Apply_RunsTheFiltersInTheirOrder_EachOnWhatTheOneBeforeKept()
    {
        var seen = new List<string>();
        var sut = CreateSut(new Recording("natives", CandidateFilterOrder.Natives, seen), new Recording("capability", CandidateFilterOrder.Capability, seen, keepFirst: true));

        var result = sut.Apply(Resolution.Of(Everyone), new CandidateQuery(Table, UpstreamOperation.ChatCompletions, ContentKinds.None));

        Assert.Equal(["capability:2", "natives:1"], seen);
        Assert.Single(result.Candidates!.Candidates.ToArray());
    }

    [Fact]
    public void Apply_FirstRefusalEndsTheList()
    {
        var seen = new List<string>();
        var sut = CreateSut(new Recording("later", 2, seen), new Refusing(1));

        var result = sut.Apply(Resolution.Of(Everyone), new CandidateQuery(Table, UpstreamOperation.ChatCompletions, ContentKinds.None));

        Assert.Equal(429, result.Status);
        Assert.Empty(seen);
    }

    [Fact]
    public void Apply_AFailedResolution_PassesThroughUntouched()
    {
        var failed = Resolution.Fail(404, "model_not_found", "no");
        Assert.Equal(failed, CreateSut(new ProtocolCapabilityFilter()).Apply(failed, new CandidateQuery(Table, UpstreamOperation.ChatCompletions, ContentKinds.None)));
    }

    [Fact]
    public void Keep_OnAChain_NarrowsEachLinkAndDropsTheEmptyOnes()
    {
        var (oa, az) = (Table.Resolve("m", "oa").Candidates!, Table.Resolve("m", "az").Candidates!);
        var chain = CandidateSet.Chain([oa, az]);

        Assert.Same(chain, chain.Keep(static (_, _) => true, 0, "all"));
        Assert.Null(chain.Keep(static (_, _) => false, 0, "none"));
        var kept = chain.Keep(static (c, name) => c.Provider.Name == name, "az", "az-only");
        Assert.Same(az, kept); // a chain of one link is that link
    }

    private sealed class Recording(string name, int order, List<string> seen, bool keepFirst = false) : ICandidateFilter
    {
        public int Order => order;

        public Resolution Apply(CandidateSet set, in CandidateQuery query)
        {
            seen.Add($"{name}:{set.Count}");
            return keepFirst ? Resolution.Of(new CandidateSet(set.Name + "|first", [set.Candidates[0]])) : Resolution.Of(set);
        }
    }

    private sealed class Refusing(int order) : ICandidateFilter
    {
        public int Order => order;

        public Resolution Apply(CandidateSet set, in CandidateQuery query) => Resolution.Fail(429, "usage_limit_exceeded", "over");
    }
}

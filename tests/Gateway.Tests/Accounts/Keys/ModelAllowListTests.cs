using Gateway.Accounts.Keys;

namespace Gateway.Tests.Accounts.Keys;

public sealed class ModelAllowListTests
{
    [Theory]
    [InlineData("smart", null, true)]
    [InlineData("SMART", null, true)]
    [InlineData("fast", null, false)]
    [InlineData("gpt-4o", null, true)]
    [InlineData("gpt-4o-mini", null, false)]
    [InlineData("alpha/any-model", null, true)]
    [InlineData("alpha/", null, false)]
    [InlineData("alphabet/x", null, false)]
    [InlineData("beta/x", null, false)]
    [InlineData("fast", "alpha", true)]
    [InlineData("fast", "beta", false)]
    [InlineData(null, null, false)]
    public void Allows_NamesTiersAndProviderPins_Expected(string? model, string? pinned, bool expected) =>
        Assert.Equal(expected, ModelAllowList.Allows(["smart", "gpt-4o", "alpha/*"], model, pinned));

    [Fact]
    public void Allows_EmptyList_AllowsEverything() => Assert.True(ModelAllowList.Allows([], "anything", "anyone"));

    [Fact]
    public void Allows_ProviderPin_DoesNotAllowAnotherProvidersPinnedModel() =>
        Assert.False(ModelAllowList.Allows(["alpha/*"], "alpha/x", "beta"));
}

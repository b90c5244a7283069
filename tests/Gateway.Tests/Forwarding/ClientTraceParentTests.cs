using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class ClientTraceParentTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    [Theory]
    [InlineData("01", "01")]
    [InlineData("00", "00")]
    [InlineData("03", "01")]
    [InlineData("02", "00")]
    public void Child_ValidTraceParent_KeepsTraceIdAndSampledFlagWithANewSpan(string flags, string expectedFlags)
    {
        var parent = $"00-{TraceId}-b7ad6b7169203331-{flags}";

        var child = ClientTraceParent.Child(parent);

        Assert.NotNull(child);
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-{expectedFlags}$", child);
        Assert.DoesNotContain("b7ad6b7169203331", child, StringComparison.Ordinal);
        Assert.NotEqual(child, ClientTraceParent.Child(parent));
    }

    [Fact]
    public void Child_LaterVersionWithExtraFields_UsesTheFirstFields()
    {
        var child = ClientTraceParent.Child($"01-{TraceId}-b7ad6b7169203331-01-future");

        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", child);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01,00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    public void Child_InvalidTraceParent_IsNull(string? value)
    {
        Assert.Null(ClientTraceParent.Child(value));
    }
}

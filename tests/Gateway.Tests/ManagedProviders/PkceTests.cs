using Gateway.ManagedProviders;

namespace Gateway.Tests.ManagedProviders;

public sealed class PkceTests
{
    [Fact]
    public void Challenge_Rfc7636AppendixB_MatchesTheExample()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Fact]
    public void NewVerifier_Is43Base64UrlCharacters_AndFresh()
    {
        var verifier = Pkce.NewVerifier();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", verifier);
        Assert.NotEqual(verifier, Pkce.NewVerifier());
    }
}

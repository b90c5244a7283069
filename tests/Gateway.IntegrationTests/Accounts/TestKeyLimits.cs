using Gateway.Accounts;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>Every key has the same limits (until client keys manage their own).</summary>
internal sealed class TestKeyLimits(LimitSet limits) : IKeyLimits
{
    public LimitSet? For(string keyId) => limits;
}

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that measure the test process itself (its managed heap) or its timing: xUnit runs this collection on its own,
/// after the parallel ones, so no other test's allocations or CPU are counted in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Admission's token count is bounded by the work it does, held to it by the estimator's own counters (characters
/// given to the tokenizer, counts in progress), never by the clock: a 4 MB body without spaces counts at most the cap
/// (the rest by bytes), and a client that leaves stops the count. On main before the fix 200,000 such characters took
/// 38.8 s of CPU and kept running after the client had gone.
/// </summary>
// Alone: it measures the CPU a count takes, and its 3.9 MB body would count in other tests' buffer and heap measurements.
[Collection(AloneCollection.Name)]
public sealed class TokenCountingWorkTests(ITestOutputHelper output)
{
    private const int BodyChars = 3_900_000;

    [Fact]
    public async Task LimitedRequest_4MBWithoutSpaces_TokenizesAtMostTheCap()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var gateway = await GatewayHost.StartAsync(BudgetBoundTests.Environment(upstreams), BudgetBoundTests.Settings(("Gateway:Accounts:MaxTokenizedChars", "200000")),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 1m }));
        var estimator = gateway.Services.GetRequiredService<RequestEstimator>();

        using var request = BudgetBoundTests.Post("/v1/chat/completions", Body());
        var (response, text) = await gateway.Client.ExchangeAsync(request);

        output.WriteLine($"{(int)response.StatusCode}: tokenized {estimator.TokenizedChars} of {BodyChars} characters; {text[..Math.Min(200, text.Length)]}");
        Assert.Equal(429, (int)response.StatusCode); // the rest counted by bytes: millions of tokens, more than $1
        Assert.InRange(estimator.TokenizedChars, 1, 200_000);
        Assert.Equal(0, upstreams["alpha"].RequestCount);
    }

    [Fact]
    public async Task ClientLeaving_WhileCounting_StopsTheCount()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var gateway = await GatewayHost.StartAsync(BudgetBoundTests.Environment(upstreams), BudgetBoundTests.Settings(("Gateway:Accounts:MaxTokenizedChars", "100000000")),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 1_000_000m }));
        var estimator = gateway.Services.GetRequiredService<RequestEstimator>();
        // The count holds after its first piece until the client has left (the request's abort token fires): however
        // fast this machine counts, the client leaves mid-count.
        var counting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        estimator.PieceCounted = work =>
        {
            counting.TrySetResult();
            work.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
        };
        using var leave = new CancellationTokenSource();
        using var request = BudgetBoundTests.Post("/v1/chat/completions", Body());
        var sending = gateway.Client.SendAsync(request, leave.Token);

        await counting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var atLeave = estimator.TokenizedChars;
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        await Eventually.TrueAsync(() => estimator.Counting == 0, TimeSpan.FromSeconds(30));

        var stopped = estimator.TokenizedChars;
        await Task.Delay(200);
        output.WriteLine($"tokenized {atLeave} characters when the client left, {stopped} when the count stopped, of {BodyChars}");
        Assert.True(atLeave > 0, "the count never started");
        Assert.Equal(0, estimator.Counting);
        Assert.Equal(stopped, estimator.TokenizedChars); // no work after the count stopped
        Assert.Equal(atLeave, stopped); // not one piece more once the client had left
        Assert.True(stopped < BodyChars / 2, $"{stopped}");
        Assert.Equal(0, upstreams["alpha"].RequestCount);
    }

    private static string Body()
    {
        var text = new StringBuilder(BodyChars + 100).Append("""{"model":"smart","messages":[{"role":"user","content":" """.TrimEnd());
        for (var i = 0; text.Length < BodyChars; i++)
        {
            text.Append("Zq").Append(i % 9973).Append("xW_");
        }

        return text.Append("\"}]}").ToString();
    }
}

using System.Globalization;
using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// What the limits tests share: a gateway in front of fake upstreams whose every chat answer costs about $0.001
/// (usage 5 + 5 tokens at $100 per million), the static key <c>client-secret</c> of owner alice, given limits by
/// <see cref="TestKeyLimits"/>; and the totals of 200 answers.
/// </summary>
internal static class LimitsFixture
{
    public const string Key = "client-secret";

    public static Dictionary<string, string?> Settings(string? store, bool postgres, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Prices:alpha-smart:Input"] = "100",
            ["Gateway:Prices:alpha-smart:Output"] = "100",
            ["Gateway:Prices:beta-smart:Input"] = "100",
            ["Gateway:Prices:beta-smart:Output"] = "100",
            ["Gateway:Accounts:DefaultMaxOutputTokens"] = "8",
            ["Gateway:Accounts:LedgerFlushInterval"] = "00:00:00.2",
            ["Gateway:Store:PollSeconds"] = "5",
            [postgres ? "Gateway:Store:ConnectionString" : "Gateway:Store:DataDirectory"] = store,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Action<IServiceCollection> With(LimitSet limits) => services => services.AddSingleton<IKeyLimits>(new TestKeyLimits(limits));

    /// <summary>Sends <paramref name="count"/> chat requests at once, spread over <paramref name="gateways"/>.</summary>
    public static async Task<Answer[]> SendAsync(int count, params GatewayHost[] gateways) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var (response, body) = await gateways[i % gateways.Length].Client.ExchangeAsync(Http.Chat(bearer: Key));
            using (response)
            {
                var usage = (int)response.StatusCode == 200 ? JsonDocument.Parse(body).RootElement.GetProperty("usage") : default;
                return new Answer((int)response.StatusCode, response.Headers.RetryAfter?.Delta,
                    response.Headers.TryGetValues("x-ratelimit-limit-requests", out var limit) ? limit.Single() : null,
                    response.Headers.TryGetValues("x-ratelimit-remaining-requests", out var remaining) ? remaining.Single() : null,
                    response.Headers.TryGetValues("x-ratelimit-reset-requests", out var reset) ? reset.Single() : null,
                    usage.ValueKind == JsonValueKind.Object ? usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64() : 0,
                    body);
            }
        }));

    /// <summary>Writes every gateway's ledger batch and returns the store's total tokens and cost (USD) of today.</summary>
    public static async Task<(long Tokens, decimal Usd, long Requests)> LedgerAsync(params GatewayHost[] gateways)
    {
        foreach (var gateway in gateways)
        {
            await gateway.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        }

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await gateways[0].Services.GetRequiredService<ILedgerStore>().ReadAsync(today, today, null, null, CancellationToken.None);
        return (rows.Sum(r => r.PromptTokens + r.CompletionTokens), rows.Sum(r => r.CostMicroUsd) / 1_000_000m, rows.Sum(r => r.Requests));
    }

    internal sealed record Answer(int Status, TimeSpan? RetryAfter, string? Limit, string? Remaining, string? Reset, long Tokens, string Body);
}

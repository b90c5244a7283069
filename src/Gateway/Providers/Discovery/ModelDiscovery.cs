using System.Collections.Concurrent;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Outbound;
using Gateway.Protocols;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Providers.Discovery;

/// <summary>
/// Fetches each provider's live model list (OpenAI-compatible <c>/models</c>, Anthropic <c>/v1/models</c>) in the
/// background every <c>ModelDiscovery:RefreshSeconds</c>, so <c>/v1/models</c> can list them. A provider that is
/// down keeps its last list; nothing here ever blocks or fails a request.
/// </summary>
internal sealed partial class ModelDiscovery(
    ILiveCatalog live, UpstreamClients clients, GatewayOptions options, TimeProvider time, ILogger<ModelDiscovery> logger) : BackgroundService
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _models = new(StringComparer.Ordinal);

    /// <summary>Raised after a refresh round that changed something.</summary>
    public event Action? Changed;

    /// <summary>The last list fetched from each provider.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Models => _models;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ModelDiscovery.Refresh, time);
        do
        {
            var changed = false;
            var catalog = live.Catalog;
            foreach (var provider in catalog.Enabled)
            {
                changed |= await RefreshAsync(provider, stoppingToken).ConfigureAwait(false);
            }

            // A provider removed from the routing table drops its list too.
            foreach (var gone in _models.Keys.Where(name => catalog.Find(name) is null))
            {
                changed |= _models.TryRemove(gone, out _);
            }

            if (changed)
            {
                Changed?.Invoke();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> RefreshAsync(Provider provider, CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(FetchTimeout);
            using var request = provider.Adapter.CreateRequest(UpstreamOperation.Models, "");
            using var response = await clients.For(provider.Options).SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.Failed(logger, provider.Name, $"HTTP {(int)response.StatusCode}");
                return false;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
            var ids = document.RootElement.GetProperty("data").EnumerateArray()
                .Select(m => m.TryGetProperty("id", out var id) ? id.GetString() : null)
                .OfType<string>()
                .Take(1000)
                .Order(StringComparer.Ordinal)
                .ToList();
            var previous = _models.GetValueOrDefault(provider.Name);
            _models[provider.Name] = ids;
            return previous is null || !previous.SequenceEqual(ids);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or TranslationException)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Log.Failed(logger, provider.Name, OutboundRefusedException.IsIn(e) ? "refused by policy" : e.GetType().Name);
            }

            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ModelDiscoveryFailed, Level = LogLevel.Debug, Message = "Model list of {Provider} not refreshed: {Reason}; keeping the last one")]
        public static partial void Failed(ILogger logger, string provider, string reason);
    }
}

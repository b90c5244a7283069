using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;

namespace Gateway.ManagedProviders;

/// <summary>
/// OpenRouter's PKCE key endpoint: <c>POST {auth base}/api/v1/auth/keys</c> with <c>code</c>, <c>code_verifier</c> and
/// <c>code_challenge_method</c>, answering <c>{"key","user_id"}</c>. Only the outcome's class reaches an error message.
/// </summary>
internal sealed class OpenRouterKeyClient(HttpMessageInvoker client, GatewayOptions options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The page a user authorizes the gateway on.</summary>
    public Uri AuthorizationUrl(string callbackUrl, string challenge) =>
        new($"{options.Store.OpenRouterAuthorizeUrl?.AbsoluteUri ?? options.Store.OpenRouterAuthBase.ToString().TrimEnd('/') + "/auth"}?callback_url={Uri.EscapeDataString(callbackUrl)}&code_challenge={challenge}&code_challenge_method={Pkce.Method}");

    /// <summary>The key and user id, or null with why not.</summary>
    public async Task<(string? Key, string? UserId, string? Error)> ExchangeAsync(string code, string verifier, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteString("code_verifier", verifier);
            writer.WriteString("code_challenge_method", Pkce.Method);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Store.OpenRouterAuthBase.ToString().TrimEnd('/') + "/api/v1/auth/keys"))
        {
            Content = new ByteArrayContent(body.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, null, $"OpenRouter refused the authorization code (HTTP {(int)response.StatusCode}).");
            }

            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } value
                ? (value, root.TryGetProperty("user_id", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null, null)
                : (null, null, "OpenRouter's answer held no key.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, "OpenRouter did not answer in time.");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return (null, null, $"Could not reach OpenRouter ({e.GetType().Name}).");
        }
    }
}

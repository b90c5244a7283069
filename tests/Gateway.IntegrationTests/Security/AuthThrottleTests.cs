using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// Failed authentications are throttled per client address (docs/security.md, "Admin key and the authentication
/// throttle"): 20 per minute, then 429 with Retry-After for any key from that address until the minute ends; another
/// address's right key is never locked out. Addresses 127.0.0.2 and 127.0.0.3 are loopback (Linux routes 127.0.0.0/8 to lo).
/// </summary>
public sealed class AuthThrottleTests : IAsyncLifetime
{
    private const string AdminKey = "throttle-admin-key-0123456789abcdef";
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task ThreeThousandWrongAdminKeys_AreThrottled_TheRightKeyStillWorksFromAnotherAddress()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?>
        {
            ["Gateway:AdminKey"] = AdminKey,
            ["Gateway:ClientKeys"] = "gw-client-key",
        }, time: clock);
        using var attacker = From("127.0.0.1", gateway.Root);
        using var operatorClient = From("127.0.0.2", gateway.Root);

        var statuses = new Dictionary<int, int>();
        string? retryAfter = null;
        for (var i = 0; i < 3000; i++)
        {
            using var response = await attacker.SendAsync(Admin($"wrong-admin-key-{i:D6}-0123456789"));
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter ??= response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Http.AssertOpenAIError(await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(20, statuses[401]);
        Assert.Equal(2980, statuses[429]);
        Assert.Equal("60", retryAfter);

        // Another address: the right key works, and so does a client key on /v1.
        using (var response = await operatorClient.SendAsync(Admin(AdminKey)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The throttled address: any key is refused until its minute is over, the right one too, so no guess is confirmed.
        using (var response = await attacker.SendAsync(Admin(AdminKey)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(45));
        using (var response = await attacker.SendAsync(Admin("wrong-again-0123456789abcdef")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter?.Delta);
        }

        clock.Advance(TimeSpan.FromSeconds(16));
        using (var response = await attacker.SendAsync(Admin(AdminKey)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // /v1: a wrong client key is counted under its surface; no key at all is not a guess and is not counted.
        using var third = From("127.0.0.3", gateway.Root);
        using (var chat = Http.Chat(bearer: "wrong-client-key"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await third.SendAsync(chat)).StatusCode);
        }

        using (var chat = Http.Chat(bearer: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await third.SendAsync(chat)).StatusCode);
        }

        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        // Every refused attempt: 20 wrong keys, 2,980 + 2 throttled (the right key from the throttled address among them).
        Assert.Equal(3002, metrics["gateway_auth_failures_total{surface=\"admin\"}"]);
        Assert.Equal(1, metrics["gateway_auth_failures_total{surface=\"v1\"}"]);
    }

    [Fact]
    public async Task ConsoleSignIn_WrongKeysThrottledPerAddress_TheRightKeyStillSignsInFromAnother()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:AdminKey"] = AdminKey });
        using var guesser = From("127.0.0.4", gateway.Root);
        using var admin = From("127.0.0.5", gateway.Root);

        var statuses = new List<int>();
        for (var i = 0; i < 22; i++)
        {
            using var response = await SignInAsync(guesser, $"wrong-console-key-{i:D4}-0123456789");
            statuses.Add((int)response.StatusCode);
            if (i == 21)
            {
                Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 });
                Assert.Contains("Too many failed sign-ins", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(401, 20), 429, 429], statuses);
        using (var refused = await SignInAsync(guesser, AdminKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using (var signedIn = await SignInAsync(admin, AdminKey))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        }

        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Equal(23, metrics["gateway_auth_failures_total{surface=\"console\"}"]);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string key)
    {
        using var form = await client.GetAsync("/console/signin");
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookie = form.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("gw_console_signin=", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/signin") { Content = new FormUrlEncodedContent([new("_csrf", token), new("key", key)]) };
        request.Headers.Add("Cookie", cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
        return await client.SendAsync(request);
    }

    private static HttpRequestMessage Admin(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>A client whose connections come from <paramref name="local"/> (a loopback address).</summary>
    private static HttpClient From(string local, string root) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri(root) };
}

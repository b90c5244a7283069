using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Request headers: Authorization (right, wrong, malformed, huge, the admin key), Content-Type, the
/// X-Gateway-Provider pin, x-request-id, and a few others; each header absent most of the time or well formed.
/// </summary>
internal static class HeaderGen
{
    public const string ClientKey = "fuzz-client-key";
    public const string AdminKey = "fuzz-admin-key-0123456789abcdef";

    /// <summary>Authorization header values (none: absent), and whether each carries the client or the admin key.</summary>
    public static readonly Gen<(string[] Values, bool Client, bool Admin)> Authorization = Gen.Frequency(
        (12, Gen.Const<(string[], bool, bool)>((["Bearer " + ClientKey], true, false))),
        (3, Gen.OneOf<(string[], bool, bool)>((["bearer " + ClientKey], true, false), (["BEARER " + ClientKey], true, false), (["Bearer    " + ClientKey + "  "], true, false))),
        (3, Gen.Const<(string[], bool, bool)>((["Bearer " + AdminKey], false, true))),
        (3, Gen.Const<(string[], bool, bool)>(([], false, false))),
        (4, Gen.OneOf<(string[], bool, bool)>(
            (["Bearer wrong"], false, false), (["Bearer"], false, false), (["Bearer "], false, false), (["Basic Zm9vOmJhcg=="], false, false),
            (["Bearer " + new string('k', 10_000)], false, false), (["Bearer " + new string('k', 40_000)], false, false), ([ClientKey], false, false),
            (["Bearer " + ClientKey + " extra"], false, false), (["Bearer " + ClientKey + "é"], false, false), (["Bearer\t" + ClientKey], false, false),
            (["Bearer " + ClientKey[..^1]], false, false), (["Bearer " + ClientKey.ToUpperInvariant()], false, false), (["Bearer ключ"], false, false),
            (["Bearer " + ClientKey, "Bearer wrong"], false, false), (["Bearer " + ClientKey, "Bearer " + ClientKey], false, false),
            ([""], false, false), (["Bearer " + ClientKey + "\u0001"], false, false))));

    public static readonly Gen<string?> ContentType = Gen.Frequency(
        (10, Gen.Const<string?>("application/json")),
        (4, Gen.OneOf<string?>(
            "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "text/plain", null, "", "application/json; charset=latin1",
            "multipart/form-data; boundary=x", ";;;", "application/json, text/plain", "*/*", "application/jsonx", "application/json; charset=\"",
            "application/jsoné", "application/x-www-form-urlencoded", "application/json;;", "application/")));

    public static readonly Gen<string[]> Provider = Gen.Frequency(
        (8, Gen.Const(Array.Empty<string>())),
        (3, Gen.OneOf<string[]>(["a"], ["b"], ["claude"], ["A"], ["CLAUDE"])),
        (2, Gen.OneOf<string[]>(["unknown"], [new string('p', 10_000)], ["ä"], ["模型"], [" a "], [""], ["a", "b"], ["claude/x"], ["a\u007f"], ["../a"])));

    public static readonly Gen<string[]> RequestId = Gen.Frequency(
        (6, Gen.Const(Array.Empty<string>())),
        (1, Gen.OneOf<string[]>(["plain-id.1:2_3"], [new string('r', 300)], ["has space"], ["ü"], ["<script>"], ["../../x"], [""], ["a", "b"], ["\u00ff"])));

    public static readonly Gen<(string, string)[]> Extra = Gen.Frequency(
        (8, Gen.Const(Array.Empty<(string, string)>())),
        (1, Gen.OneOf<(string, string)[]>(
            [("Accept", "text/event-stream")], [("Accept-Encoding", "gzip, br")], [("Expect", "100-continue")], [("Origin", "https://evil.example")],
            [("X-Forwarded-For", "1.2.3.4, ::1")], [("Content-Encoding", "gzip")], [("X-Gateway-Model", "x")], [("Cookie", "a=b")])));

    /// <summary>The header list, with whether it carries a valid client key and a valid admin key.</summary>
    public static readonly Gen<((string Name, string Value)[] Headers, bool Client, bool Admin)> Any = Gen.Select(
        Authorization, ContentType, Provider, RequestId, Extra,
        (auth, contentType, provider, requestId, extra) => (
            auth.Values.Select(v => ("Authorization", v))
                .Concat(contentType is null ? [] : [("Content-Type", contentType)])
                .Concat(provider.Select(p => ("X-Gateway-Provider", p)))
                .Concat(requestId.Select(r => ("x-request-id", r)))
                .Concat(extra).ToArray(),
            auth.Client, auth.Admin));
}

using System.Text;
using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Request targets: every route the gateway serves and some it does not, respelt the ways a server may still
/// route them (letter case, percent-encoding, doubled slashes, dot segments, query, path parameters). A
/// respelling keeps the base's <see cref="PathKind"/>; a few bases cross kinds on purpose (<c>/v1/../admin/health</c>).
/// </summary>
internal static class PathGen
{
    private static readonly Gen<(string Path, PathKind Kind, string Method)> Base = Gen.Frequency(
        (8, Gen.Const(("/v1/chat/completions", PathKind.V1, "POST"))),
        (3, Gen.Const(("/v1/embeddings", PathKind.V1, "POST"))),
        (2, Gen.OneOf(("/v1/models", PathKind.V1, "GET"), ("/v1/models/smart", PathKind.V1, "GET"), ("/v1/models/a-smart", PathKind.V1, "GET"),
            ("/v1", PathKind.V1, "GET"), ("/v1/", PathKind.V1, "POST"), ("/v1/completions", PathKind.V1, "POST"), ("/v1%2Fchat%2Fcompletions", PathKind.V1, "POST"),
            ("/admin/../v1/models", PathKind.V1, "GET"), ("/metrics/../v1/chat/completions", PathKind.V1, "POST"), ("/healthz/..%2Fv1/models", PathKind.V1, "GET"))),
        (2, Gen.OneOf(("/admin/health", PathKind.Admin, "GET"), ("/admin/usage", PathKind.Admin, "GET"), ("/admin/providers/a/test", PathKind.Admin, "GET"),
            ("/admin/providers/claude/test", PathKind.Admin, "GET"), ("/admin/providers/nope/test", PathKind.Admin, "GET"),
            ("/v1/../admin/health", PathKind.Admin, "GET"), ("/v1/%2e%2e/admin/usage", PathKind.Admin, "GET"))),
        (1, Gen.OneOf(("/metrics", PathKind.Open, "GET"), ("/healthz", PathKind.Open, "GET"), ("/readyz", PathKind.Open, "GET"))),
        (1, Gen.OneOf(("/", PathKind.Unknown, "GET"), ("/v2/chat/completions", PathKind.Unknown, "POST"), ("/chat/completions", PathKind.Unknown, "POST"),
            ("/v1chat/completions", PathKind.Unknown, "POST"), ("/favicon.ico", PathKind.Unknown, "GET"), ("/%2e%2e/%2e%2e/etc/passwd", PathKind.Unknown, "GET"),
            ("/admin", PathKind.Unknown, "GET"), ("/v10/models", PathKind.Unknown, "GET"))));

    /// <summary>A respelling that a case-insensitive, decoding, dot-segment-removing server still routes the same way.</summary>
    private static readonly Gen<Func<string, string>> Respelling = Gen.Frequency(
        (10, Gen.Const<Func<string, string>>(p => p)),
        (3, Gen.Int.Select<int, Func<string, string>>(mask => p => FlipCase(p, mask))),
        (1, Gen.Const<Func<string, string>>(p => p.ToUpperInvariant())),
        (2, Gen.Select(Gen.Int, Gen.Bool).Select<(int, bool), Func<string, string>>(t => p => PercentEncode(p, t.Item1, t.Item2))),
        (1, Gen.OneOf<Func<string, string>>(p => "/" + p, p => p.Replace("/", "//", StringComparison.Ordinal), p => "/zz/.." + p, p => "/." + p,
            p => p + "/", p => p + "?model=smart&x=%00", p => p + "?", p => p + ";p=1", p => p + "%20", p => p + "/.", p => "http://127.0.0.1" + p,
            p => p.Replace("/v1", "/%56%31", StringComparison.Ordinal), p => p.Replace("/v1", "/%76%31", StringComparison.Ordinal), p => p.Replace("/v1", "/V1", StringComparison.Ordinal))));

    public static readonly Gen<(string Target, PathKind Kind, string Method)> Any = Gen.Select(
        Base, Respelling, Respelling,
        Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"))),
        (b, first, second, method) => (second(first(b.Path)), b.Kind, method.Length > 0 ? method : b.Method));

    private static string FlipCase(string path, int mask)
    {
        var chars = path.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiLetter(chars[i]) && ((mask >> (i % 31)) & 1) == 1)
            {
                chars[i] = char.IsAsciiLetterUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    /// <summary>Percent-encodes the letters and digits the mask picks, in upper- or lower-case hex.</summary>
    private static string PercentEncode(string path, int mask, bool lower)
    {
        var text = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            text.Append(char.IsAsciiLetterOrDigit(c) && ((mask >> (i % 31)) & 1) == 1 ? "%" + ((int)c).ToString(lower ? "x2" : "X2", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        }

        return text.ToString();
    }
}

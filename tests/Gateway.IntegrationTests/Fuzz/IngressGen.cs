using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>Whole requests: a target from <see cref="PathGen"/>, headers from <see cref="HeaderGen"/>, a body from <see cref="BodyGen"/> (or none).</summary>
internal static class IngressGen
{
    public static readonly Gen<FuzzRequest> Any = Gen.Select(
        PathGen.Any, HeaderGen.Any, Gen.Frequency((9, BodyGen.Any.Select(b => (byte[]?)b)), (1, Gen.Const((byte[]?)null))),
        (path, headers, body) => new FuzzRequest(path.Method, path.Target, path.Kind, headers.Headers, body, headers.Client, headers.Admin));

    /// <summary>
    /// The surfaces besides chat, each with bodies of its own: <c>/v1/responses</c>, <c>/v1/messages</c> (and
    /// count_tokens, sometimes with <c>anthropic-version</c>), and the multipart audio endpoints with a form body and
    /// (mostly) its boundary in the Content-Type.
    /// </summary>
    public static readonly Gen<FuzzRequest> Surfaces = Gen.Frequency(
        (4, Gen.Select(HeaderGen.Any, SurfaceBodyGen.Responses, (headers, body) => Json("/v1/responses", headers, body, []))),
        (3, Gen.Select(HeaderGen.Any, SurfaceBodyGen.Messages, Gen.OneOf("/v1/messages", "/v1/messages", "/v1/messages/count_tokens"), Gen.Bool,
            (headers, body, path, versioned) => Json(path, headers, body, versioned ? [("anthropic-version", "2023-06-01")] : []))),
        (3, Gen.Select(HeaderGen.Any, SurfaceBodyGen.Multipart, SurfaceBodyGen.MultipartContentType, Gen.OneOf("/v1/audio/transcriptions", "/v1/audio/translations"),
            (headers, body, contentType, path) => new FuzzRequest("POST", path, PathKind.V1,
                [.. headers.Headers.Where(h => h.Name != "Content-Type"), .. contentType is null ? Array.Empty<(string, string)>() : [("Content-Type", contentType)]],
                body, headers.Client, headers.Admin))));

    private static FuzzRequest Json(string path, ((string Name, string Value)[] Headers, bool Client, bool Admin) headers, byte[] body, (string, string)[] extra) =>
        new("POST", path, PathKind.V1, [.. headers.Headers, .. extra], body, headers.Client, headers.Admin);

    /// <summary>Requests to a <c>/v1</c> or admin spelling without the key that path needs.</summary>
    public static readonly Gen<FuzzRequest> WithoutKey = Any.Where(r => (r.Kind == PathKind.V1 && !r.ValidClientKey) || (r.Kind == PathKind.Admin && !r.ValidAdminKey));
}

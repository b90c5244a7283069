using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>Whole requests: a target from <see cref="PathGen"/>, headers from <see cref="HeaderGen"/>, a body from <see cref="BodyGen"/> (or none).</summary>
internal static class IngressGen
{
    public static readonly Gen<FuzzRequest> Any = Gen.Select(
        PathGen.Any, HeaderGen.Any, Gen.Frequency((9, BodyGen.Any.Select(b => (byte[]?)b)), (1, Gen.Const((byte[]?)null))),
        (path, headers, body) => new FuzzRequest(path.Method, path.Target, path.Kind, headers.Headers, body, headers.Client, headers.Admin));

    /// <summary>Requests to a <c>/v1</c> or admin spelling without the key that path needs.</summary>
    public static readonly Gen<FuzzRequest> WithoutKey = Any.Where(r => (r.Kind == PathKind.V1 && !r.ValidClientKey) || (r.Kind == PathKind.Admin && !r.ValidAdminKey));
}

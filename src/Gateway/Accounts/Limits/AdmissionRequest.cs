using Gateway.Providers;
using Gateway.Routing;

namespace Gateway.Accounts.Limits;

/// <summary>
/// What admission bounds: the body the upstream is sent (for a bridged request, the body as the bridge maps it), the
/// earlier turns a stored conversation replays (empty for none), the candidates the request may reach, the client's
/// model (for candidates that keep it) and the operation. <paramref name="Free"/>: the request is answered without any
/// upstream (a cache hit): it counts against request rates and concurrency, and reserves no tokens or cost.
/// </summary>
internal readonly record struct AdmissionRequest(ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> History, CandidateSet Candidates, string Model, UpstreamOperation Kind, bool Free = false);

using Gateway.Providers;
using Gateway.Routing;

namespace Gateway.Accounts.Limits;

/// <summary>
/// What admission bounds: the body the upstream is sent (for a bridged request, the body as the bridge maps it), the
/// earlier turns a stored conversation replays (empty for none), the candidates the request may reach, the client's
/// model (for candidates that keep it) and the operation.
/// </summary>
internal readonly record struct AdmissionRequest(ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> History, CandidateSet Candidates, string Model, UpstreamOperation Kind);

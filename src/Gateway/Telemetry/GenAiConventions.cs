namespace Gateway.Telemetry;

/// <summary>
/// Names from the OpenTelemetry semantic conventions for generative AI (v1.41): instruments, attributes and their
/// well-known values. Every value the gateway puts in them is bounded (see <see cref="GatewayMetrics"/>).
/// </summary>
internal static class GenAiConventions
{
    public const string RequestDuration = "gen_ai.server.request.duration";
    public const string TimeToFirstToken = "gen_ai.server.time_to_first_token";
    public const string TimePerOutputToken = "gen_ai.server.time_per_output_token";
    public const string TokenUsage = "gen_ai.client.token.usage";

    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>Not a convention name: the configured provider account, so a dashboard can tell two accounts of one vendor apart.</summary>
    public const string GatewayProvider = "gateway.provider";

    /// <summary>The conventions' advised bucket bounds, in seconds, for <see cref="RequestDuration"/>.</summary>
    public static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>For <see cref="TimeToFirstToken"/>.</summary>
    public static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <summary>For <see cref="TimePerOutputToken"/>.</summary>
    public static readonly double[] PerOutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    /// <summary>For <see cref="TokenUsage"/>.</summary>
    public static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
}

namespace Gateway.Configuration;

/// <summary>USD per million input (prompt) and output (completion) tokens.</summary>
public sealed record ModelPrice(double InputPerMillion, double OutputPerMillion);

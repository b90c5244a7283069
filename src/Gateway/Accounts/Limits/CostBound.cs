namespace Gateway.Accounts.Limits;

/// <summary>
/// The most a request can cost on any of its candidates: its prompt tokens, the most output tokens (all choices) and
/// micro-USD of the priciest candidate; <see cref="PerChoice"/> is the output per choice it was worked out for.
/// </summary>
internal readonly record struct CostBound(long Prompt, long Output, long MicroUsd, long PerChoice)
{
    public long Tokens => Prompt + Output;
}

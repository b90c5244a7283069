namespace Gateway.Accounts.Ledger;

/// <summary>One row of the usage ledger (or a batch's increment to it): a UTC day (<c>yyyy-MM-dd</c>), key, owner, provider, model and their counts.</summary>
internal sealed record LedgerRow(string Day, string KeyId, string Owner, string Provider, string Model,
    long Requests, long PromptTokens, long CompletionTokens, long CachedTokens, long CostMicroUsd, long Errors);

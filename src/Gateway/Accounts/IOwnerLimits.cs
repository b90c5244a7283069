namespace Gateway.Accounts;

/// <summary>The limits of owners (every key of an owner counts against them). Read on the request path: answers from memory.</summary>
internal interface IOwnerLimits
{
    LimitSet? For(string owner);
}

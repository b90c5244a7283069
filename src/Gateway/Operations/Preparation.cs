using Gateway.Contracts;

namespace Gateway.Operations;

/// <summary>What an operation's hook answers: prepared for routing, or refused (a 4xx in the surface's shape) before any routing.</summary>
internal readonly record struct Preparation(Prepared? Prepared, Refusal? Refusal)
{
    public static Preparation Ready(Prepared prepared) => new(prepared, null);

    public static Preparation Refuse(Refusal refusal) => new(null, refusal);

    public static Preparation Refuse(int status, string code, string message) => new(null, new Refusal(status, code, message));
}

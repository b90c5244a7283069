namespace Gateway.Accounts;

/// <summary>What limited requests get while Redis cannot be reached (<c>Gateway:Accounts:WhenRedisUnreachable</c>).</summary>
public enum RedisOutageMode
{
    /// <summary>Admitted against this replica's share of what remained: the remaining budget divided by the live replicas.</summary>
    Share,

    /// <summary>Refused (503 <c>limits_unavailable</c>) until Redis answers: fail closed. Requests without limits are served.</summary>
    Refuse,
}

namespace Gateway.Contracts;

/// <summary>The audit log as <c>/admin/audit</c> reads it; lines are written by the repositories, each in its change's transaction.</summary>
internal interface IAuditLog
{
    /// <summary>The newest <paramref name="limit"/> lines, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken);
}

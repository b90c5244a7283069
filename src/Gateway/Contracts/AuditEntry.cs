namespace Gateway.Contracts;

/// <summary>
/// One line of the audit log: who (<c>admin</c> or <c>key:&lt;key id&gt;</c>) did what to which provider, key or owner,
/// and when. Every change a repository writes carries one, written in the change's transaction.
/// </summary>
internal sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? ProviderId, string? Owner, string? Provider, string? Detail);

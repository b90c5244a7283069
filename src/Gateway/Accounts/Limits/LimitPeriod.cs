namespace Gateway.Accounts.Limits;

/// <summary>The fixed windows limits count in: a UTC minute, a UTC calendar day, a UTC calendar month.</summary>
internal enum LimitPeriod
{
    Minute,
    Day,
    Month,
}

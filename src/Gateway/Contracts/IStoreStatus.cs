namespace Gateway.Contracts;

/// <summary>The control-data store as readiness and the APIs report it: which database, and whether its last exchange worked.</summary>
internal interface IStoreStatus
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    string Database { get; }

    /// <summary>Whether the last exchange with the database worked.</summary>
    bool Available { get; }
}

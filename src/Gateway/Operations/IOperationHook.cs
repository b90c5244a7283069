namespace Gateway.Operations;

/// <summary>
/// The step an operation with a format or state of its own adds to the one dispatch pipeline: <see cref="PrepareAsync"/>
/// before routing (check what the mappers cannot take, load a stored conversation, give the request a bridge, ask for
/// natives, answer itself), and <see cref="CompleteAsync"/> once the answer is written (store the conversation). An
/// operation without a hook is forwarded as it came. Registered once per hook; <see cref="OperationHooks"/> finds it.
/// </summary>
internal interface IOperationHook
{
    /// <summary>The operations this hook prepares.</summary>
    IReadOnlyList<GatewayOperation> Operations { get; }

    /// <summary>Prepared, or refused before any routing.</summary>
    ValueTask<Preparation> PrepareAsync(OperationRequest request);

    /// <summary>
    /// The operation's outcome once every attempt ended and before the response ends for the client: runs after the
    /// last byte of the answer was handed over and before the request completes, so a client that read the whole
    /// response finds what it stored. Never throws for a store's failure. <paramref name="servedBy"/>: the provider whose
    /// answer the client got (null: none, e.g. a response cache hit).
    /// </summary>
    ValueTask CompleteAsync(OperationRequest request, Prepared prepared, string? servedBy) => ValueTask.CompletedTask;
}

namespace Gateway.Operations;

/// <summary>Every registered <see cref="IOperationHook"/> by the operation it prepares; two hooks for one operation fail start-up.</summary>
internal sealed class OperationHooks
{
    private readonly Dictionary<GatewayOperation, IOperationHook> _hooks = [];

    public OperationHooks(IEnumerable<IOperationHook> hooks)
    {
        foreach (var hook in hooks)
        {
            foreach (var operation in hook.Operations)
            {
                if (!_hooks.TryAdd(operation, hook))
                {
                    throw new InvalidOperationException($"Two hooks prepare {operation.Path}: {_hooks[operation].GetType().Name} and {hook.GetType().Name}.");
                }
            }
        }
    }

    /// <summary>The operation's hook, or null when it is forwarded as it came.</summary>
    public IOperationHook? For(GatewayOperation operation) => _hooks.GetValueOrDefault(operation);
}

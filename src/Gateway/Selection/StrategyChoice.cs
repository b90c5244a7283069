namespace Gateway.Selection;

/// <summary>
/// A request's strategy: the one it chose or its key's default (null: the configured rotation), or why it may not
/// have the one it named (<see cref="Status"/> 400 for an unknown name, 403 when its key may not choose).
/// </summary>
internal readonly record struct StrategyChoice(ISelectionStrategy? Strategy, int Status = 0, string? Code = null, string? Message = null)
{
    public bool Refused => Status != 0;
}

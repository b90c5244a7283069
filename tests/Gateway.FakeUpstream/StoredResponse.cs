namespace Gateway.FakeUpstream;

/// <summary>A response the fake keeps for GET, DELETE and previous_response_id: its JSON, and how many items the conversation holds with it (inputs and outputs of every turn).</summary>
internal sealed record StoredResponse(string Json, int Items);

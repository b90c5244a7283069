namespace Gateway.Tests.Forwarding;

/// <summary>Broken variants of generated JSON for the tests that hold a hand-written reader to Utf8JsonReader's verdict.</summary>
internal static class JsonMutations
{
    private static readonly byte[] Interesting = "{}[]\",:\\ 0123456789eE+-.tfnulr\t\n\r/"u8.ToArray();

    /// <summary>One to three edits: a byte replaced, deleted or inserted (structural, control, non-ASCII), a cut, a doubled piece.</summary>
    public static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = list.Count == 0 ? 0 : random.Next(list.Count);
            byte Pick() => random.Next(6) switch
            {
                0 => (byte)random.Next(0, 32),
                1 => (byte)random.Next(0x80, 0x100),
                _ => Interesting[random.Next(Interesting.Length)],
            };

            switch (random.Next(5))
            {
                case 0 when list.Count > 0:
                    list[at] = Pick();
                    break;
                case 1 when list.Count > 0:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, Pick());
                    break;
                case 3 when list.Count > 0:
                    list.RemoveRange(at, list.Count - at);
                    break;
                default:
                    if (list.Count > 1)
                    {
                        var length = random.Next(1, Math.Min(8, list.Count - at) + 1);
                        list.InsertRange(at, list.GetRange(at, Math.Min(length, list.Count - at)));
                    }

                    break;
            }
        }

        return [.. list];
    }
}

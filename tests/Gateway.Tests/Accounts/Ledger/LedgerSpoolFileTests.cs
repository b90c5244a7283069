using Gateway.Accounts.Ledger;
using Gateway.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Accounts.Ledger;

/// <summary>The spool's file: batches appended and read back by another process's spool, a torn last line skipped, a held file left alone.</summary>
public sealed class LedgerSpoolFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-spool-test-").FullName;

    [Fact]
    public async Task Adopt_AnEndedProcessFile_AddsEveryBatchOnce_SkipsATornLine_DeletesIt()
    {
        var ended = Spool();
        Assert.True(ended.Append("batch-1", [Row("key1", 1)]));
        Assert.True(ended.Append("batch-2", [Row("key1", 2), Row("key2", 3)]));
        ended.Dispose();
        await File.AppendAllTextAsync(ended.FilePath, """{"id":"batch-3","rows":[["2026-12""");

        using var alive = Spool();
        var added = new List<(string Id, IReadOnlyList<LedgerRow> Rows)>();
        await alive.AdoptAsync((id, rows) =>
        {
            added.Add((id, rows));
            return Task.CompletedTask;
        });

        Assert.Equal(["batch-1", "batch-2"], added.Select(a => a.Id));
        Assert.Equal(Row("key2", 3), added[1].Rows[1]);
        Assert.False(File.Exists(ended.FilePath));
    }

    [Fact]
    public async Task Adopt_AFileHeldByALiveProcess_LeavesIt()
    {
        using var alive = Spool();
        Assert.True(alive.Append("batch-1", [Row("key1", 1)]));
        using var other = Spool();

        var added = 0;
        await other.AdoptAsync((_, _) =>
        {
            added++;
            return Task.CompletedTask;
        });

        Assert.Equal(0, added);
        Assert.True(File.Exists(alive.FilePath));
    }

    [Fact]
    public void Dispose_WithNothingWaiting_DeletesTheFile_WithBatchesWaiting_KeepsIt()
    {
        var cleared = Spool();
        cleared.Append("batch-1", [Row("key1", 1)]);
        cleared.Clear();
        cleared.Dispose();
        var kept = Spool();
        kept.Append("batch-2", [Row("key1", 1)]);
        kept.Dispose();

        Assert.False(File.Exists(cleared.FilePath));
        Assert.True(File.Exists(kept.FilePath));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private LedgerSpool Spool() => new(new GatewayOptions { Store = new StoreOptions { DataDirectory = _directory } }, NullLogger<LedgerSpool>.Instance);

    private static LedgerRow Row(string key, long requests) => new("2026-12-07", key, "alice", "alpha", "alpha-smart", requests, 5 * requests, 3 * requests, 0, 800 * requests, 0);
}

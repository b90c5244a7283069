using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts.Ledger;

/// <summary>
/// Ledger batches the store did not take, kept on disk until it does: one append-only file per process
/// (<c>&lt;data directory&gt;/ledger-spool/&lt;store&gt;/&lt;process id&gt;.jsonl</c>, one line per batch: its id and rows),
/// held with an exclusive lock while the process lives. A file nobody holds is a process's that ended (a shutdown or a
/// crash while the store was down): whoever sees it first, at start or at a later flush, adds its batches to the store
/// and deletes it. Batches are added by id, once (<see cref="ILedgerStore.AddAsync"/>),
/// so a file replayed twice, or by two replicas sharing the folder, bills nothing twice. The folder is per store (a
/// hash of its connection string), so deployments sharing a data folder never replay into each other's ledger.
/// </summary>
internal sealed partial class LedgerSpool : IDisposable
{
    private readonly string _folder;
    private readonly string _path;
    private readonly ILogger<LedgerSpool> _logger;
    private readonly Lock _lock = new();
    private FileStream? _file;

    public LedgerSpool(Configuration.GatewayOptions options, ILogger<LedgerSpool> logger)
    {
        var store = options.Store.ConnectionString is { Length: > 0 } connection
            ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(connection)))[..16].ToLowerInvariant()
            : "local";
        _folder = Path.Combine(options.Store.DataDirectory, "ledger-spool", store);
        _path = Path.Combine(_folder, Contracts.RandomIds.New()[..16] + ".jsonl");
        _logger = logger;
    }

    /// <summary>This process's spool file (created on the first batch it keeps).</summary>
    public string FilePath => _path;

    /// <summary>Appends a batch (flushed to the disk before this returns). False when it could not be written.</summary>
    public bool Append(string id, IReadOnlyList<LedgerRow> rows)
    {
        var line = Encode(id, rows);
        try
        {
            lock (_lock)
            {
                if (_file is null)
                {
                    Directory.CreateDirectory(_folder);
                    _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.None);
                }

                _file.Write(line);
                _file.Flush(flushToDisk: true);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.AppendFailed(_logger, rows.Count, e.GetType().Name);
            return false;
        }
    }

    /// <summary>Empties this process's file: every batch in it is in the store.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _file?.SetLength(0);
        }
    }

    /// <summary>
    /// Adds the batches of every file in the folder that no running process holds (not this one's) through
    /// <paramref name="add"/>, deleting each file once all its batches are in. Stops at the first batch the store refuses.
    /// </summary>
    public async Task AdoptAsync(Func<string, IReadOnlyList<LedgerRow>, Task> add)
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(_folder, "*.jsonl"))
        {
            if (path == _path)
            {
                continue;
            }

            FileStream orphan;
            try
            {
                orphan = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // held: its process is alive
            }

            using (orphan)
            {
                var batches = Decode(orphan);
                foreach (var (id, rows) in batches)
                {
                    await add(id, rows).ConfigureAwait(false);
                }

                File.Delete(path);
                Log.Adopted(_logger, Path.GetFileName(path), batches.Count);
            }
        }
    }

    /// <summary>Closes the file; deletes it when nothing waits in it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_file is { } file)
            {
                var empty = file.Length == 0;
                file.Dispose();
                _file = null;
                if (empty)
                {
                    File.Delete(_path);
                }
            }
        }
    }

    private static byte[] Encode(string id, IReadOnlyList<LedgerRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteStartArray("rows");
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(row.Day);
                writer.WriteStringValue(row.KeyId);
                writer.WriteStringValue(row.Owner);
                writer.WriteStringValue(row.Provider);
                writer.WriteStringValue(row.Model);
                writer.WriteNumberValue(row.Requests);
                writer.WriteNumberValue(row.PromptTokens);
                writer.WriteNumberValue(row.CompletionTokens);
                writer.WriteNumberValue(row.CachedTokens);
                writer.WriteNumberValue(row.CostMicroUsd);
                writer.WriteNumberValue(row.Errors);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The batches of a spool file; a line that does not parse (the torn last line of a crash) is skipped.</summary>
    private static List<(string Id, IReadOnlyList<LedgerRow> Rows)> Decode(Stream stream)
    {
        var batches = new List<(string, IReadOnlyList<LedgerRow>)>();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var rows = root.GetProperty("rows").EnumerateArray().Select(r => new LedgerRow(
                    r[0].GetString()!, r[1].GetString()!, r[2].GetString()!, r[3].GetString()!, r[4].GetString()!,
                    r[5].GetInt64(), r[6].GetInt64(), r[7].GetInt64(), r[8].GetInt64(), r[9].GetInt64(), r[10].GetInt64())).ToList();
                batches.Add((root.GetProperty("id").GetString()!, rows));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
            {
                // A line cut short by a crash: its batch was never acknowledged as kept, and is lost with the process.
            }
        }

        return batches;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LedgerSpoolAppendFailed, Level = LogLevel.Error, Message = "Ledger: {Count} rows could not be written to the spool ({Error}); they stay in memory until the store takes them")]
        public static partial void AppendFailed(ILogger logger, int count, string error);

        [LoggerMessage(EventId = EventIds.LedgerSpoolAdopted, Level = LogLevel.Information, Message = "Ledger: the spool {File} of an ended process is in the store ({Batches} batches)")]
        public static partial void Adopted(ILogger logger, string file, int batches);
    }
}

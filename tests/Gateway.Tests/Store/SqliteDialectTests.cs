using Gateway.Store;
using Xunit;

namespace Gateway.Tests.Store;

/// <summary>
/// The SQLite store's file, made by the first process that opens an empty folder. Replicas on one host may share the
/// folder (the npm client tests run three): when they start together, each may see no file and create it at once.
/// </summary>
public sealed class SqliteDialectTests
{
    [Fact]
    public void Prepare_ByFourProcessesStartingTogether_OnOneEmptyFolder_NeverFails()
    {
        for (var round = 0; round < 200; round++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "gateway-sqlite-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var start = new Barrier(4);
                var failures = new List<Exception>();
                var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
                {
                    var dialect = new SqliteDialect(folder, TimeSpan.FromSeconds(5));
                    start.SignalAndWait();
                    try
                    {
                        dialect.Prepare();
                    }
                    catch (Exception e)
                    {
                        lock (failures)
                        {
                            failures.Add(e);
                        }
                    }
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());

                Assert.True(failures.Count == 0, $"round {round}: {string.Join("; ", failures.Select(f => f.GetType().Name + ": " + f.Message))}");
                Assert.True(File.Exists(Path.Combine(folder, SqliteDialect.FileName)));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, SqliteDialect.FileName)));
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

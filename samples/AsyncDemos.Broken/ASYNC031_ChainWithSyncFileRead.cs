// Mistake: a chain link reads its input with the synchronous File.ReadAllText inside a coroutine.
// Trips: ASYNC031
// The read holds the thread for the whole I/O, though File.ReadAllTextAsync would hand it back until the bytes arrive.
// The fix awaits the async counterpart (and passes the cancellation token, when one is in scope).
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ChainWithSyncFileRead
{
    public static async Task RunAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "asyncrules-chain-input.txt");
        await File.WriteAllTextAsync(path, "result1-0");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Console.WriteLine(await Part1Async(path, cancellation.Token));
    }

    private static async Task<string> Part1Async(string path, CancellationToken cancellationToken)
    {
        var previous = File.ReadAllText(path); // ASYNC031
        await Task.Delay(100, cancellationToken);
        return $"{previous} -> result1-1";
    }
}

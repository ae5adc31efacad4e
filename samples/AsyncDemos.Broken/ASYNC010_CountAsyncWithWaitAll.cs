// Mistake: the coroutine gathers its tasks with the blocking Task.WaitAll instead of awaiting Task.WhenAll.
// Trips: ASYNC010
// The counts still overlap, but the caller's thread is held hostage for the whole second; under a UI or other
// single-threaded synchronization context this deadlocks. Run: dotnet run --project samples/AsyncDemos.Broken -- countasync-waitall
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class CountAsyncWithWaitAll
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await Task.Yield();
        Task.WaitAll(Timeline.Track("count 1", CountAsync), Timeline.Track("count 2", CountAsync), Timeline.Track("count 3", CountAsync)); // ASYNC010
        Console.WriteLine($"countasync executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task CountAsync()
    {
        Console.WriteLine("One");
        await Task.Delay(1000);
        Console.WriteLine("Two");
    }
}

// Mistake: the coroutine pauses with Thread.Sleep, which blocks the thread instead of handing it back.
// Trips: ASYNC030
// A coroutine that never awaits runs to its end before its caller goes on, so three of them take about 3 s and
// print One Two One Two One Two; fixed, about 1 s and One One One Two Two Two. Run: dotnet run --project samples/AsyncDemos.Broken -- countasync-sleep
// Add --timeline to see why: each count holds the thread for its whole second, so the rows form a staircase.
using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class CountAsyncWithThreadSleep
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Timeline.Track("count 1", CountAsync), Timeline.Track("count 2", CountAsync), Timeline.Track("count 3", CountAsync));
        Console.WriteLine($"countasync executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task CountAsync()
    {
        Console.WriteLine("One");
        Thread.Sleep(1000); // ASYNC030
        Console.WriteLine("Two");
    }
}

// Mistake: a coroutine reads an async generator with ToBlockingEnumerable() instead of `await foreach` (`async for`).
// Trips: ASYNC020
// Each reader holds its thread while it waits for every tick, so the two readers run one after the other: about
// 3 s; fixed, they overlap: about 1.5 s. Run: dotnet run --project samples/AsyncDemos.Broken -- countstream-blocking
// With --timeline the readers' rows form a staircase of '#': neither hands the thread back between ticks.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class CountStreamWithToBlockingEnumerable
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Timeline.Track("reader A", () => ReadAsync("A")), Timeline.Track("reader B", () => ReadAsync("B")));
        Console.WriteLine($"countstream executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task ReadAsync(string reader)
    {
        foreach (var tick in TicksAsync(3).ToBlockingEnumerable()) // ASYNC020
        {
            Console.WriteLine($"{reader}: tick {tick}");
        }
    }

    /// <summary>An async generator: one tick every half second.</summary>
    private static async IAsyncEnumerable<int> TicksAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(500);
            yield return i;
        }
    }
}

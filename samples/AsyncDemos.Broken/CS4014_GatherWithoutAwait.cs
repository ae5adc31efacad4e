// Mistake: the coroutines are gathered with Task.WhenAll, but the gathered task is never awaited.
// Trips: CS4014
// The compiler warns (CS4014) and AsyncRules offers the fix: await it, or discard it explicitly with '_ ='.
// Unfixed, the time is printed at once, before the counts are done.
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class GatherWithoutAwait
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        Task.WhenAll(CountAsync(), CountAsync(), CountAsync()); // CS4014
        Console.WriteLine($"countasync executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
        await Task.Delay(1500);
    }

    private static async Task CountAsync()
    {
        Console.WriteLine("One");
        await Task.Delay(1000);
        Console.WriteLine("Two");
    }
}

// Mistake: an async lambda handed to List<T>.ForEach, which takes an Action<T>: each lambda becomes async void.
// Trips: ASYNC002
// ForEach returns as soon as every lambda reaches its first await, so the time is printed before any count ends and
// nobody could catch an exception from one. The fix turns it into a foreach that awaits each count.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class CountEachWithListForEach
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var counters = new List<string> { "first", "second", "third" };
        counters.ForEach(async name => await CountAsync(name)); // ASYNC002
        Console.WriteLine($"countasync executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
        await Task.Delay(3500);
    }

    private static async Task CountAsync(string name)
    {
        Console.WriteLine($"One ({name})");
        await Task.Delay(1000);
        Console.WriteLine($"Two ({name})");
    }
}

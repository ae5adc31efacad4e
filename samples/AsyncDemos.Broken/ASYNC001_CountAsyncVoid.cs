// Mistake: the coroutine is async void, so nobody can await it.
// Trips: ASYNC001
// RunAsync starts three counts and goes straight on: it has no task to await, so it reports the time before any "Two"
// is printed, and an exception inside a count would go where nobody can catch it. Fixed, CountAsync returns Task and
// the compiler's CS4014 points at the three calls that now drop a task, which its fix awaits.
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class CountAsyncVoid
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        CountAsync();
        CountAsync();
        CountAsync();
        Console.WriteLine($"countasync executed in {clock.Elapsed.TotalSeconds:0.00} seconds.");
        await Task.Delay(1500); // give the orphaned counts time to finish before the program ends
    }

    private static async void CountAsync() // ASYNC001
    {
        Console.WriteLine("One");
        await Task.Delay(1000);
        Console.WriteLine("Two");
    }
}

// Mistake: a synchronous Main blocks on the coroutine it starts (sync-over-async) instead of being async itself.
// Trips: ASYNC011
// Here nothing deadlocks, because a console program has no synchronization context; the same .Wait() in a UI event
// handler hangs for good, since the coroutine needs the very thread that waits for it. ASYNC011 is a suggestion (shown
// in the editor, not as a build warning); its fix makes the chain async: Measure becomes MeasureAsync, awaited by an
// 'async Task Main'. Run: dotnet run --project samples/AsyncDemos.Broken -- main-blocking
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class SyncMainBlockingOnTheDemo
{
    /// <summary>The demo table's entry; the project itself starts at Program.Main (StartupObject in the csproj).</summary>
    public static Task RunAsync()
    {
        Main(Array.Empty<string>());
        return Task.CompletedTask;
    }

    /// <summary>Would be the entry point of a program of its own.</summary>
    public static void Main(string[] args)
    {
        var seconds = Measure();
        Console.WriteLine($"three counts done in {seconds:0.00} seconds.");
    }

    private static double Measure()
    {
        var clock = Stopwatch.StartNew();
        Task.WhenAll(CountAsync(1), CountAsync(2), CountAsync(3)).Wait(); // ASYNC011
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task CountAsync(int n)
    {
        Console.WriteLine($"One {n}");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Console.WriteLine($"Two {n}");
    }
}

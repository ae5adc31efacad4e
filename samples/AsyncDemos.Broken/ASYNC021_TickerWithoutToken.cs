// Mistake: `await foreach` over an async generator without the cancellation token the coroutine was given.
// Trips: ASYNC021
// The caller cancels after 1.2 s, but the token never reaches the stream: the ticker runs all five ticks (5 s).
// Fixed, the token is passed to TicksAsync and the loop stops at the next pause, after about 1.2 s.
// Run: dotnet run --project samples/AsyncDemos.Broken -- ticker-no-token
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class TickerWithoutToken
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.2));
        try
        {
            await Timeline.Track("ticker", () => WatchAsync(timeout.Token));
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("cancelled");
        }

        Console.WriteLine($"ticker stopped after {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task WatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var tick in TicksAsync(5)) // ASYNC021
        {
            Console.WriteLine($"tick {tick}");
        }
    }

    /// <summary>An async generator that honours cancellation at each pause.</summary>
    private static async IAsyncEnumerable<int> TicksAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(1000, cancellationToken);
            yield return i;
        }
    }
}

// Mistake: an async generator takes a CancellationToken but does not mark it [EnumeratorCancellation], so a token
// given with WithCancellation never reaches it.
// Trips: CS8425
// The compiler warns; the fix adds the attribute. Run: dotnet run --project samples/AsyncDemos.Broken -- ticker-withcancellation
// Before the fix the ticker ignores the 1.2 s timeout and ticks five times; after it, it stops after one tick.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class TickerWithoutEnumeratorCancellation
{
    public static async Task RunAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.2));
        try
        {
            await foreach (var tick in TicksAsync(5).WithCancellation(timeout.Token))
            {
                Console.WriteLine($"tick {tick}");
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("cancelled");
        }
    }

    private static async IAsyncEnumerable<int> TicksAsync(int count, CancellationToken cancellationToken = default) // CS8425
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(1000, cancellationToken);
            yield return i;
        }
    }
}

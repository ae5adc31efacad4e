// Mistake: an async enumerator taken by hand and never disposed, so the generator's finally block never runs.
// Trips: ASYNC023
// The reader takes two ticks and stops; "ticker closed" is never printed (a real generator would leave a file or
// connection open). Fixed with `await using`, the enumerator is disposed and the generator's finally runs.
// Run: dotnet run --project samples/AsyncDemos.Broken -- ticker-undisposed
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class TickerEnumeratorNotDisposed
{
    public static async Task RunAsync()
    {
        var ticks = TicksAsync();
        var e = ticks.GetAsyncEnumerator(); // ASYNC023
        for (var i = 0; i < 2 && await e.MoveNextAsync(); i++)
        {
            Console.WriteLine($"tick {e.Current}");
        }

        Console.WriteLine("reader done");
    }

    private static async IAsyncEnumerable<int> TicksAsync()
    {
        try
        {
            for (var i = 1; ; i++)
            {
                await Task.Delay(200);
                yield return i;
            }
        }
        finally
        {
            Console.WriteLine("ticker closed");
        }
    }
}

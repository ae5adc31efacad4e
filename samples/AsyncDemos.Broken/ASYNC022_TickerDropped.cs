// Mistake: an async generator is called and its stream dropped, as if the call ran it (in Python, calling an
// async generator function without `async for` runs none of its body either).
// Trips: ASYNC022, CS4014
// Nothing is printed: the stream is never enumerated, so LogTicksAsync's body never starts. The compiler's CS4014
// suggests `await`, which cannot work for a stream; ASYNC022 says what is wrong. There is no automatic fix: enumerate
// the stream with `await foreach`, or delete the call. Run: dotnet run --project samples/AsyncDemos.Broken -- ticker-dropped
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class TickerDropped
{
    public static async Task RunAsync()
    {
        Console.WriteLine("starting the ticker");
        LogTicksAsync(3); // ASYNC022, CS4014
        await Task.Delay(1000);
        Console.WriteLine("done (and not one tick was logged)");
    }

    private static async IAsyncEnumerable<int> LogTicksAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(100);
            Console.WriteLine($"tick {i}");
            yield return i;
        }
    }
}

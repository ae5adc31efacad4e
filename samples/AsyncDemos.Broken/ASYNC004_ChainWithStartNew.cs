// Mistake: a chain link is started with Task.Factory.StartNew and an async lambda, then awaited.
// Trips: ASYNC004
// StartNew does not understand async lambdas: it returns a Task<Task> whose outer task finishes as soon as the lambda
// reaches its first await. The run reports about 0 s and "part 1 done" appears afterwards. Task.Run waits for the link.
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ChainWithStartNew
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await Task.Factory.StartNew(async () => // ASYNC004
        {
            await Task.Delay(1000);
            Console.WriteLine("part 1 done");
        });
        Console.WriteLine($"chain finished in {clock.Elapsed.TotalSeconds:0.00} seconds.");
        await Task.Delay(1200);
    }
}

// Mistake: await inside a lambda that is not async.
// Trips: CS4034
// Excluded from the build because it cannot compile; the fix adds `async` to the lambda, which Task.Run then
// receives as a Func<Task> and awaits properly.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class TickerWithAwaitInSyncLambda
{
    public static Task StartAsync()
    {
        Func<Task> tick = () =>
        {
            await Task.Delay(100); // CS4034
            Console.WriteLine("tick");
            return Task.CompletedTask;
        };
        return Task.Run(tick);
    }
}

// Mistake: awaiting Thread.Sleep, which returns nothing to await (in Python: `await time.sleep(1)`).
// Trips: CS4008
// Excluded from the build because it cannot compile; the fix turns it into `await Task.Delay(1000)`.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class CountAwaitingThreadSleep
{
    public static async Task CountAsync()
    {
        Console.WriteLine("One");
        await Thread.Sleep(1000); // CS4008
        Console.WriteLine("Two");
    }
}

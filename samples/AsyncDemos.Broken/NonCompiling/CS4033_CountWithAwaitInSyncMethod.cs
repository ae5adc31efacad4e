// Mistake: await in a method that is not async (in Python, `await` outside `async def` is a SyntaxError).
// Trips: CS4033
// Excluded from the build because it cannot compile; the tests compile it, expect the error on the marked line, and
// apply the "Make async" fix: `static void Count()` becomes `static async Task Count()`.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class CountWithAwaitInSyncMethod
{
    public static void Count()
    {
        Console.WriteLine("One");
        await Task.Delay(1000); // CS4033
        Console.WriteLine("Two");
    }
}

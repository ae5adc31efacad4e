// Mistake: a plain foreach over an async generator (in Python, `for` over an async generator instead of `async for`).
// Trips: CS8414
// Excluded from the build because it cannot compile; the tests compile it, expect the error on the marked line, and
// apply the fix: the loop becomes `await foreach` and `static void PrintTicks()` becomes `static async Task PrintTicks()`.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class CountStreamWithPlainForeach
{
    public static void PrintTicks()
    {
        foreach (var tick in TicksAsync(3)) // CS8414
        {
            Console.WriteLine($"tick {tick}");
        }
    }

    private static async IAsyncEnumerable<int> TicksAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(500);
            yield return i;
        }
    }
}

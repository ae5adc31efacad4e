// Mistake: an async generator without `async` (in Python, `yield` in a plain `def` makes a sync generator).
// Trips: CS8403
// Excluded from the build because it cannot compile; the fix adds `async`.
using System.Collections.Generic;

namespace AsyncDemos.Broken.NonCompiling;

internal static class TicksWithoutAsync
{
    public static IAsyncEnumerable<int> Ticks(int count) // CS8403
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i;
        }
    }
}

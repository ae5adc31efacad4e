// Mistake: an async generator declared to return Task<IEnumerable<int>>: a task of a finished list cannot hand out
// items one by one, so C# does not allow `yield` there.
// Trips: CS1624
// Excluded from the build because it cannot compile; the fix makes it `async IAsyncEnumerable<int>`, read with `await foreach`.
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class TicksAsTaskOfEnumerable
{
    public static async Task<IEnumerable<int>> TicksAsync(int count) // CS1624
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(500);
            yield return i;
        }
    }
}

// Mistake: awaiting a coroutine function instead of the coroutine it returns (in Python: `await part1` for `await part1(n)`).
// Trips: CS1061, CS4001
// Excluded from the build because it cannot compile: only awaitables can be awaited. The fix calls them:
// `await part1` → `await part1()`, `await Part2Async` → `await Part2Async()`.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class ChainAwaitingWithoutCalling
{
    public static async Task<string> ChainAsync(int n)
    {
        Func<Task<string>> part1 = () => Task.FromResult($"result{n}-1");
        var p1 = await part1; // CS1061
        await Part2Async; // CS4001
        return p1;
    }

    private static Task Part2Async() => Task.Delay(10);
}

// Mistake: a chain link that returns a value awaits without being a coroutine.
// Trips: CS4032
// Excluded from the build because it cannot compile; the fix makes `string Part1(int n)` into
// `async Task<string> Part1(int n)` and awaits it where the chain uses its value.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal static class ChainPartWithAwaitInSyncMethod
{
    public static async Task<string> ChainAsync(int n)
    {
        var p1 = Part1(n);
        await Task.Delay(10);
        return p1 + " then part 2";
    }

    private static string Part1(int n)
    {
        Console.WriteLine($"part1({n}) sleeping for 1 second.");
        await Task.Delay(TimeSpan.FromSeconds(1)); // CS4032
        return $"result{n}-1";
    }
}

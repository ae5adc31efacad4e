// Mistake: a chain written as callbacks: part 2 is hung on part 1 with ContinueWith(..).Unwrap() instead of awaiting part 1.
// Trips: ASYNC006
// It runs, and chain 1 works. But when part 1 fails, the continuation's p1.Result rethrows the failure wrapped, and the
// caller's catch sees "AggregateException: One or more errors occurred. (...)" with the InvalidOperationException part 1
// threw buried inside. The fix (`await Part2Async(n, await Part1Async(n))`) hands the caller the original exception.
// Run: dotnet run --project samples/AsyncDemos.Broken -- chain-continuewith
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ChainWithContinueWith
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        foreach (var n in new[] { 1, 0 })
        {
            try
            {
                var result = await ChainAsync(n);
                Console.WriteLine($"-->Chained result{n} => {result}.");
            }
            catch (Exception e)
            {
                Console.WriteLine($"-->Chain {n} failed with {e.GetType().Name}: {e.Message}");
            }
        }

        Console.WriteLine($"Program finished in {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static Task<string> ChainAsync(int n)
        => Part1Async(n).ContinueWith(p1 => Part2Async(n, p1.Result)).Unwrap(); // ASYNC006

    private static async Task<string> Part1Async(int n)
    {
        Console.WriteLine($"part1({n}) sleeping for 0.5 seconds.");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        if (n <= 0)
        {
            throw new InvalidOperationException($"part 1 has no input for chain {n}");
        }

        var result = $"result{n}-1";
        Console.WriteLine($"Returning part1({n}) == {result}.");
        return result;
    }

    private static async Task<string> Part2Async(int n, string arg)
    {
        Console.WriteLine($"part2({n}, '{arg}') sleeping for 0.5 seconds.");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        var result = $"result{n}-2 derived from {arg}";
        Console.WriteLine($"Returning part2({n}, '{arg}') == {result}.");
        return result;
    }
}

// Mistake: a chained coroutine reads the first link's .Result instead of awaiting it.
// Trips: ASYNC010
// Each chain blocks its thread while part 1 runs, so the three chains no longer start together: the run takes
// about the sum of the part-1 delays instead of the longest chain. Run: dotnet run --project samples/AsyncDemos.Broken -- chain-result
// With --timeline each chain's row shows it holding the thread through part 1 before the next chain can start.
using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ChainWithResult
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Timeline.Track("chain 1", () => ChainAsync(1, clock)),
            Timeline.Track("chain 2", () => ChainAsync(2, clock)),
            Timeline.Track("chain 3", () => ChainAsync(3, clock)));
        Console.WriteLine($"Program finished in {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task ChainAsync(int n, Stopwatch clock)
    {
        var start = clock.Elapsed;
        var random = new Random(444 + n); // each chain its own delays: the same before and after the fix
        var p1 = Part1Async(n, random).Result; // ASYNC010
        var p2 = await Part2Async(n, p1, random);
        Console.WriteLine($"-->Chained result{n} => {p2} (took {(clock.Elapsed - start).TotalSeconds:0.00} s).");
    }

    private static async Task<string> Part1Async(int n, Random random)
    {
        var seconds = random.Next(0, 4);
        Console.WriteLine($"part1({n}) sleeping for {seconds} seconds.");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var result = $"result{n}-1";
        Console.WriteLine($"Returning part1({n}) == {result}.");
        return result;
    }

    private static async Task<string> Part2Async(int n, string arg, Random random)
    {
        var seconds = random.Next(0, 4);
        Console.WriteLine($"part2({n}, '{arg}') sleeping for {seconds} seconds.");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var result = $"result{n}-2 derived from {arg}";
        Console.WriteLine($"Returning part2({n}, '{arg}') == {result}.");
        return result;
    }
}

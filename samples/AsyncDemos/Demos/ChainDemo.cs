using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Demos;

/// <summary>
/// chain.py: each chain awaits part 1 (a random 0-10 s pause, returns "result{n}-1"), then part 2 with that result
/// (another random pause). Within a chain the parts run in order; the chains run concurrently, so the whole run takes
/// about as long as the longest chain, not the sum of them.
/// </summary>
internal static class ChainDemo
{
    /// <summary>What chain.py runs with no arguments.</summary>
    public static readonly IReadOnlyList<int> DefaultChains = new[] { 1, 2, 3 };

    public static async Task RunAsync(Demo demo, IReadOnlyList<int> chains, CancellationToken cancellationToken)
    {
        await Task.WhenAll(chains.Select(n => ChainAsync(demo, n, cancellationToken)).ToArray());
        demo.WriteElapsed("Program finished in");
    }

    private static async Task ChainAsync(Demo demo, int n, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"chain {n}");
        var random = demo.RandomFor(n);
        var start = demo.Time.GetTimestamp();
        var p1 = await Part1Async(demo, lane, random, n, cancellationToken);
        var p2 = await Part2Async(demo, lane, random, n, p1, cancellationToken);
        var took = demo.Time.GetElapsedTime(start);
        demo.WriteLine($"-->Chained result{n} => {p2} (took {took.TotalSeconds:0.00} seconds).");
        lane.Finish();
    }

    private static async Task<string> Part1Async(Demo demo, Lane lane, Random random, int n, CancellationToken cancellationToken)
    {
        var i = random.Next(0, 11);
        demo.WriteLine($"part1({n}) sleeping for {i} seconds.");
        await demo.SleepAsync(lane, i, cancellationToken);
        var result = $"result{n}-1";
        demo.WriteLine($"Returning part1({n}) == {result}.");
        return result;
    }

    private static async Task<string> Part2Async(Demo demo, Lane lane, Random random, int n, string arg, CancellationToken cancellationToken)
    {
        var i = random.Next(0, 11);
        demo.WriteLine($"part2({n}, '{arg}') sleeping for {i} seconds.");
        await demo.SleepAsync(lane, i, cancellationToken);
        var result = $"result{n}-2 derived from {arg}";
        demo.WriteLine($"Returning part2({n}, '{arg}') == {result}.");
        return result;
    }
}

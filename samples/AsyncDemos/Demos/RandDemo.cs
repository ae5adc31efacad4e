using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Demos;

/// <summary>
/// rand.py: three coroutines each draw integers 0..10 until one beats their threshold (9, 8, 7), waiting idx + 1
/// seconds between draws. Their lines interleave, each in its own colour.
/// </summary>
internal static class RandDemo
{
    public static async Task RunAsync(Demo demo, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(
            MakeRandomAsync(demo, 0, 10 - 0 - 1, cancellationToken),
            MakeRandomAsync(demo, 1, 10 - 1 - 1, cancellationToken),
            MakeRandomAsync(demo, 2, 10 - 2 - 1, cancellationToken));
        demo.WriteLine();
        demo.WriteLine($"r1: {results[0]}, r2: {results[1]}, r3: {results[2]}");
        demo.WriteElapsed("rand finished in");
    }

    private static async Task<int> MakeRandomAsync(Demo demo, int idx, int threshold, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"makerandom({idx})");
        var random = demo.RandomFor(idx);
        Say(demo, idx, $"Initiated makerandom({idx}).");
        var i = random.Next(0, 11);
        while (i <= threshold)
        {
            Say(demo, idx, $"makerandom({idx}) == {i} too low; retrying.");
            await demo.SleepAsync(lane, idx + 1, cancellationToken);
            i = random.Next(0, 11);
        }

        Say(demo, idx, $"---> Finished: makerandom({idx}) == {i}");
        lane.Finish();
        return i;
    }

    private static void Say(Demo demo, int idx, string line)
        => demo.WriteLine(demo.Color ? Ansi.Palette[idx % Ansi.Palette.Length] + line + Ansi.Reset : line);
}

using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Demos;

/// <summary>
/// countasync.py: the same count as a coroutine that awaits its one-second pause, three of them gathered. Each hands
/// the thread back at <c>await</c>, so the pauses overlap: One One One Two Two Two in about 1 s, with one thread.
/// </summary>
internal static class CountAsyncDemo
{
    public static async Task RunAsync(Demo demo, CancellationToken cancellationToken)
    {
        await Task.WhenAll(CountAsync(demo, 1, cancellationToken), CountAsync(demo, 2, cancellationToken), CountAsync(demo, 3, cancellationToken));
        demo.WriteElapsed("countasync executed in");
    }

    private static async Task CountAsync(Demo demo, int id, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"count {id}");
        demo.WriteLine("One");
        await demo.SleepAsync(lane, 1, cancellationToken);
        demo.WriteLine("Two");
        lane.Finish();
    }
}
